import { defineRule } from '../rule';
import { arr, isObj, str } from '../util/access';
import { PRIVATE_V4, overlaps, parseCidr } from '../util/cidr';
import { npRules } from '../util/policies';
import { np } from './examples';

/** K06: ipBlock over cluster ranges means different things per enforcer. */
export const npIpBlockClusterRange = defineRule(
  {
    id: 'np-ipblock-cluster-range',
    semanticsId: 'K06',
    title: 'ipBlock covering cluster address ranges',
    severity: 'warning',
    category: 'exposure',
    threat: 'misconfiguration',
    rationale:
      'An ipBlock over private ranges (or 0.0.0.0/0 meant as "the internet") may include pod, service and node addresses. Pure Kubernetes semantics leave it to the plugin whether pods match; Cilium never matches pods with ipBlock and matches nodes only with policy-cidr-match-mode=nodes. Select pods by label and the internet with a CIDR that excludes cluster ranges.',
    badExample: np(`
podSelector:
  matchLabels:
    app: web
policyTypes:
  - Egress
egress:
  - to:
      - ipBlock:
          cidr: 10.0.0.0/8
`),
    goodExample: np(`
podSelector:
  matchLabels:
    app: web
policyTypes:
  - Egress
egress:
  - to:
      - ipBlock:
          cidr: 203.0.113.0/24
`),
    appliesTo: ['NetworkPolicy'],
    needsContext: false,
  },
  ctx =>
    npRules(ctx.resources).flatMap(r =>
      (arr(r.rule[r.peersKey]) ?? []).flatMap((p, i) => {
        if (!isObj(p) || !isObj(p.ipBlock)) return [];
        const text = str(p.ipBlock.cidr) ?? '';
        const c = parseCidr(text);
        if (!c || c.v6) return [];
        const hit = PRIVATE_V4.filter(pr => overlaps(pr, c));
        if (hit.length === 0) return [];
        const except = (arr(p.ipBlock.except) ?? [])
          .map(e => parseCidr(String(e)))
          .filter(Boolean);
        // An except that removes every private range it overlaps makes the intent explicit.
        if (
          hit.every(h =>
            except.some(e => e && e.prefix <= h.prefix && overlaps(e, h)),
          )
        )
          return [];
        return [
          {
            resource: r.resource,
            path: [...r.path, r.peersKey, i, 'ipBlock', 'cidr'],
            message: `ipBlock ${text} overlaps cluster-private ranges: whether it matches pods or nodes depends on the enforcer (Cilium: never pods, nodes only with cidr-match-mode=nodes).`,
          },
        ];
      }),
    ),
);
