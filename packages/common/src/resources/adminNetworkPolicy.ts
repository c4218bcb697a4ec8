import type {
  AdminNetworkPolicyPeer,
  AdminNetworkPolicyPort,
  AdminNetworkPolicySpec,
  AdminNetworkPolicySubject,
  BaselineAdminNetworkPolicySpec,
  NamespacedPod,
} from '../model/kube';
import type { FieldPath } from '../model/source';
import type { DecodeContext } from './context';
import {
  arrayOf,
  has,
  int,
  objectOf,
  oneOf,
  pattern,
  refine,
  type Decoder,
} from './fields';
import { k8sSelector } from './selectors';
import { cidrSyntax, portName } from './validation';

/*
 * policy.networking.k8s.io/v1alpha1 AdminNetworkPolicy and BaselineAdminNetworkPolicy, with
 * the CRD's validation (network-policy-api apis/v1alpha1, SEMANTICS §1.8): priority 0–1000,
 * at most 100 rules per direction, exactly one field per subject, peer and port.
 */

/** Peer fields this version of the API defines (ingress: namespaces and pods only). */
export const ANP_INGRESS_PEER_FIELDS = ['namespaces', 'pods'] as const;
export const ANP_EGRESS_PEER_FIELDS = [
  'namespaces',
  'pods',
  'nodes',
  'networks',
  'domainNames',
] as const;

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
const MAX_RULES = 100;

const namespacedPod = objectOf<NamespacedPod>(
  { namespaceSelector: k8sSelector, podSelector: k8sSelector },
  { required: ['namespaceSelector', 'podSelector'] },
);

/** Reports a mapping that must set exactly one of `fields` (MinProperties/MaxProperties 1). */
function exactlyOne(
  raw: Record<string, unknown>,
  fields: readonly string[],
  path: FieldPath,
  ctx: DecodeContext,
  what: string,
) {
  const set = fields.filter(f => has(raw, f));
  if (set.length > 1)
    ctx.error(
      'invalid-combination',
      [...path, set[1]],
      `${what} must set exactly one of ${fields.join(', ')} (has ${set.join(' and ')})`,
      true,
    );
  return set.length;
}

const subject = refine(
  objectOf<AdminNetworkPolicySubject>({
    namespaces: k8sSelector,
    pods: namespacedPod,
  }),
  (_s, raw, path, ctx) => {
    if (exactlyOne(raw, ['namespaces', 'pods'], path, ctx, 'subject') === 0)
      ctx.error(
        'missing-field',
        path,
        'subject must set one of namespaces, pods',
      );
  },
);

const DOMAIN_NAME =
  /^(\*\.)?([a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.?$/;

const networkCidr = pattern(s => {
  if (s.length > 43) return 'must be no more than 43 characters';
  if (s.includes(':') === s.includes('.'))
    return 'must be either an IPv4 or an IPv6 CIDR (IPv4 embedded in IPv6 is not supported)';
  return cidrSyntax(false)(s);
});

/**
 * A peer: exactly one field. A peer that only carries fields this version does not define
 * (a newer CRD) is kept with a warning; the rule then fails closed (SEMANTICS §1.8).
 */
function peer(
  direction: 'ingress' | 'egress',
): Decoder<AdminNetworkPolicyPeer> {
  const known: readonly string[] =
    direction === 'ingress' ? ANP_INGRESS_PEER_FIELDS : ANP_EGRESS_PEER_FIELDS;
  const fields: Record<string, Decoder<unknown>> = {
    namespaces: k8sSelector,
    pods: namespacedPod,
  };
  if (direction === 'egress') {
    fields.nodes = k8sSelector;
    fields.networks = arrayOf(networkCidr, { maxItems: 25 });
    fields.domainNames = arrayOf(
      pattern(s =>
        DOMAIN_NAME.test(s)
          ? undefined
          : 'must be a domain name, optionally with a leading "*."',
      ),
      { maxItems: 25 },
    );
  }
  return refine(
    objectOf<AdminNetworkPolicyPeer>(fields, { open: true }),
    (_p, raw, path, ctx) => {
      const unknown = Object.keys(raw).filter(k => !known.includes(k));
      for (const k of unknown) {
        const other =
          direction === 'ingress' && ANP_EGRESS_PEER_FIELDS.some(f => f === k);
        if (other)
          ctx.error(
            'unknown-field',
            [...path, k],
            `"${k}" is an egress peer field; ingress peers have namespaces or pods`,
            true,
          );
        else
          ctx.report(
            'unknown-peer-field',
            'warning',
            [...path, k],
            `unknown peer field "${k}" (a newer API version?): the rule fails closed (an Allow rule matches nothing through this peer, a Deny or Pass rule denies all traffic)`,
            { onKey: true },
          );
      }
      for (const k of ['networks', 'domainNames']) {
        if (Array.isArray(raw[k]) && (raw[k] as unknown[]).length === 0)
          ctx.error('invalid-value', [...path, k], 'must have at least 1 item');
      }
      const set = exactlyOne(raw, known, path, ctx, 'a peer');
      if (set === 0 && unknown.length === 0)
        ctx.error(
          'invalid-combination',
          path,
          `a peer must set one of ${known.join(', ')}`,
        );
    },
  );
}

const portNumber = objectOf<{ protocol?: string; port: number }>(
  { protocol: oneOf(PROTOCOLS), port: int({ min: 1, max: 65535 }) },
  { required: ['port'] },
);

const portRange = refine(
  objectOf<{ protocol?: string; start: number; end: number }>(
    {
      protocol: oneOf(PROTOCOLS),
      start: int({ min: 1, max: 65535 }),
      end: int({ min: 1, max: 65535 }),
    },
    { required: ['start', 'end'] },
  ),
  (r, _raw, path, ctx) => {
    if (
      typeof r.start === 'number' &&
      typeof r.end === 'number' &&
      r.start > r.end
    )
      ctx.error(
        'invalid-value',
        [...path, 'end'],
        `${r.end} must be greater than start ${r.start}`,
      );
  },
);

const port = refine(
  objectOf<AdminNetworkPolicyPort>({
    portNumber,
    portRange,
    namedPort: pattern(s => portName(s)),
  }),
  (_p, raw, path, ctx) => {
    const fields = ['portNumber', 'portRange', 'namedPort'];
    if (exactlyOne(raw, fields, path, ctx, 'a port') === 0)
      ctx.error(
        'invalid-combination',
        path,
        'a port must set one of portNumber, portRange, namedPort',
      );
  },
);

const ruleName = pattern(s =>
  s.length > 100 ? 'must be no more than 100 characters' : undefined,
);

function rule(
  direction: 'ingress' | 'egress',
  actions: readonly string[],
): Decoder<unknown> {
  const peersKey = direction === 'ingress' ? 'from' : 'to';
  return refine(
    objectOf<Record<string, unknown>>(
      {
        name: ruleName,
        action: oneOf(actions),
        [peersKey]: arrayOf(peer(direction), { maxItems: 100 }),
        ports: arrayOf(port, { maxItems: 100 }),
      },
      { required: ['action', peersKey] },
    ),
    (_r, raw, path, ctx) => {
      const peers = raw[peersKey];
      if (Array.isArray(peers) && peers.length === 0)
        ctx.error(
          'invalid-value',
          [...path, peersKey],
          'must have at least 1 item',
        );
      if (Array.isArray(raw.ports) && raw.ports.length === 0)
        ctx.error(
          'invalid-value',
          [...path, 'ports'],
          'must have at least 1 item (omit ports to match every port)',
        );
      if (direction !== 'egress' || !Array.isArray(peers)) return;
      const ports = Array.isArray(raw.ports) ? raw.ports : [];
      const named = ports.findIndex(
        p => typeof p === 'object' && p !== null && 'namedPort' in p,
      );
      const noPods = peers.some(
        p =>
          typeof p === 'object' &&
          p !== null &&
          ('networks' in p || 'nodes' in p || 'domainNames' in p),
      );
      if (named >= 0 && noPods)
        ctx.error(
          'invalid-combination',
          [...path, 'ports', named, 'namedPort'],
          'networks/nodes/domainNames peers cannot be combined with namedPort: they have no named ports',
        );
      if (raw.action !== 'Allow') {
        peers.forEach((p, i) => {
          if (typeof p === 'object' && p !== null && 'domainNames' in p)
            ctx.error(
              'invalid-combination',
              [...path, peersKey, i, 'domainNames'],
              'domainNames peers are only supported in Allow rules',
              true,
            );
        });
      }
    },
  );
}

export const adminNetworkPolicySpec = objectOf<AdminNetworkPolicySpec>(
  {
    priority: int({ min: 0, max: 1000 }),
    subject,
    ingress: arrayOf(rule('ingress', ['Allow', 'Deny', 'Pass']), {
      maxItems: MAX_RULES,
    }),
    egress: arrayOf(rule('egress', ['Allow', 'Deny', 'Pass']), {
      maxItems: MAX_RULES,
    }),
  },
  { required: ['priority', 'subject'] },
);

export const baselineAdminNetworkPolicySpec =
  objectOf<BaselineAdminNetworkPolicySpec>(
    {
      subject,
      ingress: arrayOf(rule('ingress', ['Allow', 'Deny']), {
        maxItems: MAX_RULES,
      }),
      egress: arrayOf(rule('egress', ['Allow', 'Deny']), {
        maxItems: MAX_RULES,
      }),
    },
    { required: ['subject'] },
  );

/** BANP is a singleton: the CRD only admits the name `default`. */
export function checkBaselineName(
  raw: Record<string, unknown>,
  ctx: DecodeContext,
) {
  const meta = raw.metadata;
  if (typeof meta !== 'object' || meta === null) return;
  const name = (meta as Record<string, unknown>).name;
  if (typeof name === 'string' && name !== 'default')
    ctx.error(
      'invalid-value',
      ['metadata', 'name'],
      `a BaselineAdminNetworkPolicy must be named "default" (it is a singleton), not "${name}"`,
    );
}
