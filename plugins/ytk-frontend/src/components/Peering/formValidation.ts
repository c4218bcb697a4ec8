import type { PeeringRequestInput } from '../../api';

/** The form's raw fields, as typed. */
export interface PeeringFormValues {
  from: string;
  targetKind: 'workload' | 'service';
  target: string;
  /** `8080/TCP, 9000-9010/UDP`; protocol defaults to TCP. */
  ports: string;
  reason: string;
  /** `YYYY-MM-DD` from a date input, or empty. */
  expires: string;
}

export type FieldErrors = Partial<Record<keyof PeeringFormValues, string>>;

// The engine's limits (validatePeeringRequest): checked here too so the user learns before submitting.
const MAX_PORTS = 40;
const MAX_REASON = 2000;
const PORT = /^(\d{1,5})(?:-(\d{1,5}))?(?:\/(TCP|UDP|SCTP))?$/i;
const SERVICE = /^[^/\s]+\/[^/\s]+\/[^/\s]+$/;

type Port = PeeringRequestInput['ports'][number];

export function parsePorts(text: string): { ports: Port[]; error?: string } {
  const items = text
    .split(/[\s,]+/)
    .map(s => s.trim())
    .filter(Boolean);
  if (items.length === 0) return { ports: [], error: 'give at least one port' };
  if (items.length > MAX_PORTS)
    return { ports: [], error: `at most ${MAX_PORTS} ports` };
  const ports: Port[] = [];
  for (const item of items) {
    const m = PORT.exec(item);
    if (!m)
      return {
        ports: [],
        error: `"${item}" is not a port (8080, 8080/TCP or 9000-9010/UDP)`,
      };
    const port = Number(m[1]);
    const endPort = m[2] ? Number(m[2]) : undefined;
    if (port < 1 || port > 65535 || (endPort ?? 1) > 65535 || endPort === 0)
      return { ports: [], error: `"${item}": ports run from 1 to 65535` };
    if (endPort !== undefined && endPort < port)
      return { ports: [], error: `"${item}": the range ends below its start` };
    const protocol = (m[3]?.toUpperCase() ?? 'TCP') as Port['protocol'];
    ports.push(
      endPort !== undefined && endPort !== port
        ? { protocol, port, endPort }
        : { protocol, port },
    );
  }
  return { ports };
}

/** Field errors, or the request body to POST when there are none. */
export function validatePeeringForm(
  v: PeeringFormValues,
  now: Date = new Date(),
): { errors: FieldErrors; body?: PeeringRequestInput } {
  const errors: FieldErrors = {};
  if (!v.from) errors.from = 'pick one of your team’s workloads';
  if (!v.target) errors.target = 'pick the workload or service to reach';
  else if (v.targetKind === 'service' && !SERVICE.test(v.target))
    errors.target = 'a service is cluster/namespace/name';
  else if (v.targetKind === 'workload' && v.target === v.from)
    errors.target = 'a workload can always reach itself';
  const { ports, error } = parsePorts(v.ports);
  if (error) errors.ports = error;
  const reason = v.reason.trim();
  if (!reason) errors.reason = 'say why the access is needed';
  else if (reason.length > MAX_REASON)
    errors.reason = `at most ${MAX_REASON} characters`;
  let expiresAt: string | undefined;
  if (v.expires) {
    // End of the chosen day, UTC: "until 2030-01-31" includes that day.
    const d = new Date(`${v.expires}T23:59:59Z`);
    if (Number.isNaN(d.getTime())) errors.expires = 'not a date';
    else if (d <= now) errors.expires = 'must be in the future';
    else expiresAt = d.toISOString();
  }
  if (Object.keys(errors).length) return { errors };
  return {
    errors,
    body: {
      from: v.from,
      to:
        v.targetKind === 'workload'
          ? { workload: v.target }
          : { service: v.target },
      ports,
      reason,
      ...(expiresAt ? { expiresAt } : {}),
    },
  };
}
