import type {
  IPBlock,
  NetworkPolicyEgressRule,
  NetworkPolicyIngressRule,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicySpec,
} from '../model/kube';
import type { FieldPath } from '../model/source';
import type { DecodeContext } from './context';
import {
  arrayOf,
  has,
  int,
  intOrString,
  objectOf,
  oneOf,
  pattern,
  refine,
} from './fields';
import { k8sSelector } from './selectors';
import { cidrContains, cidrSyntax, parseCidr, portName } from './validation';

/* networking.k8s.io/v1 NetworkPolicy, with the API server's validation (SEMANTICS §1.1, §1.5). */

const ipBlock = refine(
  objectOf<IPBlock>(
    {
      cidr: pattern(cidrSyntax(false)),
      except: arrayOf(pattern(cidrSyntax(false))),
    },
    { required: ['cidr'] },
  ),
  (block, _raw, path, ctx) => {
    const outer = block.cidr ? parseCidr(block.cidr) : undefined;
    if (!outer) return;
    (block.except ?? []).forEach((e, i) => {
      const inner = parseCidr(e);
      if (
        inner &&
        (!cidrContains(outer, inner) || inner.prefix === outer.prefix)
      ) {
        ctx.error(
          'invalid-value',
          [...path, 'except', i],
          `"${e}" must be a strict subset of cidr "${block.cidr}"`,
        );
      }
    });
  },
);

const peer = refine(
  objectOf<NetworkPolicyPeer>({
    podSelector: k8sSelector,
    namespaceSelector: k8sSelector,
    ipBlock,
  }),
  (_p, raw, path, ctx) => {
    const selectors = has(raw, 'podSelector') || has(raw, 'namespaceSelector');
    if (has(raw, 'ipBlock') && selectors) {
      ctx.error(
        'invalid-combination',
        [...path, 'ipBlock'],
        'may not specify both ipBlock and another peer',
        true,
      );
    } else if (!has(raw, 'ipBlock') && !selectors) {
      ctx.error(
        'invalid-combination',
        path,
        'must specify a peer (podSelector, namespaceSelector or ipBlock)',
      );
    }
  },
);

const port = refine(
  objectOf<NetworkPolicyPort>({
    protocol: oneOf(['TCP', 'UDP', 'SCTP'] as const),
    port: intOrString,
    endPort: int(),
  }),
  (p, raw, path, ctx) => checkPort(p, raw, path, ctx),
);

function checkPort(
  p: NetworkPolicyPort,
  raw: Record<string, unknown>,
  path: FieldPath,
  ctx: DecodeContext,
) {
  const portPath = [...path, 'port'];
  if (typeof p.port === 'number' && (p.port < 1 || p.port > 65535)) {
    ctx.error(
      'invalid-value',
      portPath,
      `${p.port} must be between 1 and 65535`,
    );
  } else if (typeof p.port === 'string' && portName(p.port)) {
    ctx.error(
      'invalid-value',
      portPath,
      `"${p.port}" is not a valid named port: ${portName(p.port)}`,
    );
  }
  if (!has(raw, 'endPort') || typeof p.endPort !== 'number') return;
  const endPath = [...path, 'endPort'];
  if (p.port === undefined)
    ctx.error(
      'invalid-combination',
      endPath,
      'may not be specified when port is not specified',
      true,
    );
  else if (typeof p.port === 'string')
    ctx.error(
      'invalid-combination',
      endPath,
      'may not be specified when port is a named port',
      true,
    );
  else if (p.endPort < p.port)
    ctx.error(
      'invalid-value',
      endPath,
      `${p.endPort} must be greater than or equal to port ${p.port}`,
    );
  if (p.endPort > 65535 || p.endPort < 1)
    ctx.error(
      'invalid-value',
      endPath,
      `${p.endPort} must be between 1 and 65535`,
    );
}

const ingressRule = objectOf<NetworkPolicyIngressRule>({
  from: arrayOf(peer),
  ports: arrayOf(port),
});
const egressRule = objectOf<NetworkPolicyEgressRule>({
  to: arrayOf(peer),
  ports: arrayOf(port),
});

export const networkPolicySpec = refine(
  objectOf<NetworkPolicySpec>({
    podSelector: k8sSelector,
    policyTypes: arrayOf(oneOf(['Ingress', 'Egress'] as const)),
    ingress: arrayOf(ingressRule),
    egress: arrayOf(egressRule),
  }),
  (_spec, raw, path, ctx) => {
    const types = raw.policyTypes;
    if (Array.isArray(types)) {
      if (types.length > 2)
        ctx.error(
          'invalid-value',
          [...path, 'policyTypes'],
          `must have at most 2 items (has ${types.length})`,
        );
      const seen = new Set<unknown>();
      types.forEach((t, i) => {
        if (seen.has(t))
          ctx.error(
            'invalid-value',
            [...path, 'policyTypes', i],
            `duplicate value "${String(t)}"`,
          );
        seen.add(t);
      });
    }
  },
);
