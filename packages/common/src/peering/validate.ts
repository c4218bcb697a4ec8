import type { Overlay } from '../model/overlay';
import { findWorkload } from '../overlay';
import {
  MAX_REASON_LENGTH,
  type PeeringRequestInput,
  type PeeringValidationError,
  type ResolvedPeeringRequest,
} from './types';

const PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP']);

function isPort(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;
}

/**
 * Checks a request against the overlay: known workloads, ports in range, a reason,
 * an expiry in the future. Every problem names its field.
 */
export function validatePeeringRequest(
  input: PeeringRequestInput,
  overlay: Overlay,
  now: Date = new Date(),
): { request?: ResolvedPeeringRequest; errors: PeeringValidationError[] } {
  const errors: PeeringValidationError[] = [];
  const from =
    typeof input.from === 'string'
      ? findWorkload(overlay, input.from)
      : undefined;
  if (!from)
    errors.push({
      field: 'from',
      message: `unknown workload "${String(input.from)}"`,
    });

  let targets: string[] = [];
  if (input.to && 'workload' in input.to) {
    const to = findWorkload(overlay, input.to.workload);
    if (!to)
      errors.push({
        field: 'to.workload',
        message: `unknown workload "${input.to.workload}"`,
      });
    else targets = [to.ref];
  } else if (input.to && 'service' in input.to) {
    const [cluster, namespace, name] = String(input.to.service).split('/');
    const svc = overlay.clusters
      .find(c => c.name === cluster)
      ?.services.find(s => s.namespace === namespace && s.name === name);
    if (!svc)
      errors.push({
        field: 'to.service',
        message: `unknown service "${input.to.service}" (cluster/namespace/name)`,
      });
    else if (svc.workloads.length === 0)
      errors.push({
        field: 'to.service',
        message: `service "${input.to.service}" selects no workload`,
      });
    else targets = [...svc.workloads];
  } else
    errors.push({ field: 'to', message: 'give a target workload or service' });
  if (from && targets.includes(from.ref))
    errors.push({ field: 'to', message: 'a workload can always reach itself' });

  if (!Array.isArray(input.ports) || input.ports.length === 0)
    errors.push({ field: 'ports', message: 'give at least one port' });
  else if (input.ports.length > 40)
    errors.push({ field: 'ports', message: 'at most 40 ports' });
  else
    input.ports.forEach((p, i) => {
      if (!PROTOCOLS.has(p?.protocol))
        errors.push({
          field: `ports[${i}].protocol`,
          message: 'must be TCP, UDP or SCTP',
        });
      if (!isPort(p?.port))
        errors.push({
          field: `ports[${i}].port`,
          message: 'must be an integer from 1 to 65535',
        });
      if (
        p?.endPort !== undefined &&
        (!isPort(p.endPort) || p.endPort < p.port)
      )
        errors.push({
          field: `ports[${i}].endPort`,
          message: 'must be a port not below port',
        });
    });

  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (!reason)
    errors.push({ field: 'reason', message: 'say why the access is needed' });
  else if (reason.length > MAX_REASON_LENGTH)
    errors.push({
      field: 'reason',
      message: `at most ${MAX_REASON_LENGTH} characters (got ${reason.length})`,
    });

  if (input.expiresAt !== undefined) {
    const t = Date.parse(input.expiresAt);
    if (Number.isNaN(t))
      errors.push({
        field: 'expiresAt',
        message: 'must be an ISO 8601 date-time',
      });
    else if (t <= now.getTime())
      errors.push({ field: 'expiresAt', message: 'must be in the future' });
  }
  if (errors.length || !from) return { errors };
  return { request: { ...input, from: from.ref, reason, targets }, errors };
}
