/*
 * projectcalico.org/v3 NetworkPolicy (decoded as kind `CalicoNetworkPolicy`),
 * GlobalNetworkPolicy and Tier, with Calico's validation where it changes meaning
 * (SEMANTICS §3, docs/calico.md): selectors parse, ports need protocol TCP/UDP/SCTP/UDPLite
 * (P04), actions Allow/Deny/Log/Pass. What ytk does not model is reported, never dropped
 * silently: host-endpoint policy (doNotTrack, preDNAT, applyOnForward), `services`
 * entity matches and source ports are errors (the policy is left out and every result says
 * so); `http`, ICMP type/code and `ipVersion` are warnings (ytk evaluates the rule at L4,
 * for both address families).
 */
import type {
  CalicoEntityRule,
  CalicoPolicySpec,
  CalicoRule,
  CalicoTier,
} from '../model/kube';
import type { FieldPath } from '../model/source';
import { tryParseCalicoSelector } from '../selectors/calicoSelector';
import type { DecodeContext } from './context';
import {
  arrayOf,
  bool,
  int,
  isPlainObject,
  objectOf,
  oneOf,
  pattern,
  refine,
  str,
  stringMap,
  type Decoder,
} from './fields';
import { cidrSyntax } from './validation';

/** apiVersions Calico objects are read as (the API server's, and the CRDs' storage form). */
export const CALICO_API_VERSIONS = [
  'projectcalico.org/v3',
  'crd.projectcalico.org/v1',
] as const;

export function isCalicoApiVersion(v: string): boolean {
  return (CALICO_API_VERSIONS as readonly string[]).includes(v);
}

export const CALICO_PROTOCOLS = [
  'TCP',
  'UDP',
  'ICMP',
  'ICMPv6',
  'SCTP',
  'UDPLite',
] as const;
/** Protocols `ports` may be used with (Calico's validator). */
const PORT_PROTOCOLS = new Set([
  'TCP',
  'UDP',
  'SCTP',
  'UDPLite',
  6,
  17,
  132,
  136,
]);

/** A Calico selector string: parsed, errors located at the field with the column. */
export const calicoSelector: Decoder<string> = (v, path, ctx) => {
  const s = str(v, path, ctx);
  if (s === undefined) return undefined;
  const r = tryParseCalicoSelector(s);
  if (r.error) {
    ctx.error(
      'invalid-selector',
      path,
      `invalid selector "${s}": ${r.error.message}`,
    );
    return undefined;
  }
  return s;
};

/** float64 `order`. */
const order: Decoder<number> = (v, path, ctx) => {
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    ctx.error('invalid-type', path, `expected a number, got ${typeof v}`);
    return undefined;
  }
  return v;
};

const protocol: Decoder<string | number> = (v, path, ctx) => {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 1 || v > 255) {
      ctx.error('invalid-value', path, `protocol ${v} is out of range 1–255`);
      return undefined;
    }
    return v;
  }
  return oneOf(CALICO_PROTOCOLS)(v, path, ctx);
};

const PORT_RANGE = /^(\d+):(\d+)$/;
const PORT_NAME = /^[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$/;

/** A port number, a range "min:max", or a named port. */
const port: Decoder<number | string> = (v, path, ctx) => {
  if (v === null || v === undefined) return undefined;
  const bad = (why: string) => {
    ctx.error(
      'invalid-value',
      path,
      `invalid port ${JSON.stringify(v)}: ${why}`,
    );
    return undefined;
  };
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0 || v > 65535)
      return bad('must be 0–65535');
    return v;
  }
  if (typeof v !== 'string')
    return bad('expected a number, a range "min:max" or a port name');
  const m = PORT_RANGE.exec(v);
  if (m) {
    const lo = Number(m[1]);
    const hi = Number(m[2]);
    if (lo > 65535 || hi > 65535) return bad('ports must be 0–65535');
    if (lo > hi) return bad('the range minimum is greater than its maximum');
    return v;
  }
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    return n <= 65535 ? n : bad('must be 0–65535');
  }
  if (v.length > 128 || !PORT_NAME.test(v))
    return bad('not a number, a range "min:max" or a valid port name');
  return v;
};

const serviceAccounts = objectOf<{ names?: string[]; selector?: string }>({
  names: arrayOf(str),
  selector: calicoSelector,
});

const entityRule = objectOf<CalicoEntityRule>({
  nets: arrayOf(pattern(cidrSyntax(true))),
  notNets: arrayOf(pattern(cidrSyntax(true))),
  selector: calicoSelector,
  notSelector: calicoSelector,
  namespaceSelector: calicoSelector,
  ports: arrayOf(port),
  notPorts: arrayOf(port),
  serviceAccounts,
  services: objectOf<{ name?: string; namespace?: string }>({
    name: str,
    namespace: str,
  }),
});

const icmp = objectOf<{ type?: number; code?: number }>({
  type: int({ min: 0, max: 254 }),
  code: int({ min: 0, max: 255 }),
});

const ipVersionDecoder: Decoder<number> = (v, path, ctx) => {
  if (v === null || v === undefined) return undefined;
  if (v !== 4 && v !== 6) {
    ctx.error(
      'invalid-value',
      path,
      `ipVersion must be 4 or 6, not ${JSON.stringify(v)}`,
    );
    return undefined;
  }
  return v;
};

function checkRule(
  r: Record<string, unknown>,
  path: FieldPath,
  ctx: DecodeContext,
) {
  const notModelled = (field: FieldPath, what: string) =>
    ctx.error(
      'not-modelled',
      [...path, ...field],
      `${what} is not modelled by ytk: the policy is left out of evaluation`,
    );
  const warn = (field: FieldPath, what: string) =>
    ctx.report('not-modelled', 'warning', [...path, ...field], what);
  for (const side of ['source', 'destination'] as const) {
    const e = r[side];
    if (!isPlainObject(e)) continue;
    // Ports of the source are the packet's source port: flows in ytk have none.
    for (const k of ['ports', 'notPorts'] as const) {
      if (side === 'source' && e[k] !== undefined && e[k] !== null)
        notModelled([side, k], `source.${k} (the source port)`);
      if (
        Array.isArray(e[k]) &&
        e[k].length &&
        !PORT_PROTOCOLS.has(r.protocol as string)
      )
        ctx.error(
          'invalid-combination',
          [...path, side, k],
          `${side}.${k} need protocol TCP, UDP, SCTP or UDPLite${r.protocol === undefined ? '' : ` (not ${String(r.protocol)})`}: Calico rejects the policy`,
        );
    }
    if (e.services !== undefined && e.services !== null)
      notModelled(
        [side, 'services'],
        `${side}.services (Kubernetes Service matches)`,
      );
    if (
      side === 'destination' &&
      Array.isArray(e.notPorts) &&
      e.notPorts.some(p => typeof p === 'string' && !/^\d+(:\d+)?$/.test(p))
    )
      notModelled([side, 'notPorts'], 'a named port in notPorts');
  }
  if (r.http !== undefined && r.http !== null)
    warn(
      ['http'],
      'http match (application layer policy) is not modelled: ytk evaluates the rule at L4, requests may still be refused',
    );
  for (const k of ['icmp', 'notICMP'] as const)
    if (r[k] !== undefined && r[k] !== null)
      warn(
        [k],
        `${k} type/code is not modelled: ytk flows are TCP, UDP or SCTP`,
      );
  if (r.ipVersion !== undefined && r.ipVersion !== null)
    warn(
      ['ipVersion'],
      'ipVersion is not modelled: ytk evaluates the rule for both address families',
    );
  if (r.http !== undefined && r.action !== 'Allow')
    ctx.error(
      'invalid-combination',
      [...path, 'http'],
      'http match is only valid on Allow rules',
    );
}

const rule: Decoder<CalicoRule> = refine(
  objectOf<CalicoRule>(
    {
      action: oneOf(['Allow', 'Deny', 'Log', 'Pass']),
      protocol,
      notProtocol: protocol,
      ipVersion: ipVersionDecoder,
      icmp,
      notICMP: icmp,
      source: entityRule,
      destination: entityRule,
      http: objectOf<{ methods?: string[]; paths?: unknown[] }>({
        methods: arrayOf(str),
        paths: v => v as unknown[],
      }),
      metadata: objectOf<{ annotations?: Record<string, string> }>({
        annotations: stringMap(),
      }),
    },
    { required: ['action'] },
  ),
  (_r, raw, path, ctx) => checkRule(raw, path, ctx),
);

function policySpec(global: boolean): Decoder<CalicoPolicySpec> {
  const fields: Record<string, Decoder<unknown>> = {
    tier: str,
    order,
    selector: calicoSelector,
    serviceAccountSelector: calicoSelector,
    types: arrayOf(oneOf(['Ingress', 'Egress'])),
    ingress: arrayOf(rule),
    egress: arrayOf(rule),
    performanceHints: arrayOf(str),
  };
  if (global) {
    fields.namespaceSelector = calicoSelector;
    fields.doNotTrack = bool;
    fields.preDNAT = bool;
    fields.applyOnForward = bool;
  }
  return refine(objectOf<CalicoPolicySpec>(fields), (_s, raw, path, ctx) => {
    for (const k of ['doNotTrack', 'preDNAT', 'applyOnForward'])
      if (raw[k] === true)
        ctx.error(
          'not-modelled',
          [...path, k],
          `${k}: host endpoint policy is not modelled by ytk (it has no host endpoints): the policy is left out of evaluation`,
        );
  });
}

export const calicoNetworkPolicySpec = policySpec(false);
export const globalNetworkPolicySpec = policySpec(true);

export const tierSpec = objectOf<NonNullable<CalicoTier['spec']>>({
  order,
  defaultAction: oneOf(['Deny', 'Pass']),
});
