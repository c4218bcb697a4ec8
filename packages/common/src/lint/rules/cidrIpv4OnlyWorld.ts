import { defineRule } from '../rule';
import { arr, isObj, str } from '../util/access';
import { ciliumRules } from '../util/policies';
import { CILIUM_KINDS, cnp } from './examples';

function cidrs(
  rule: Record<string, unknown>,
  field: string,
): Array<{ cidr: string; path: Array<string | number> }> {
  return (arr(rule[field]) ?? []).flatMap((v, i) => {
    if (typeof v === 'string') return [{ cidr: v, path: [field, i] }];
    if (isObj(v) && str(v.cidr))
      return [{ cidr: str(v.cidr)!, path: [field, i, 'cidr'] }];
    return [];
  });
}

/** C20: 0.0.0.0/0 as "the internet" leaves IPv6 open (or closed) in dual stack. */
export const cidrIpv4OnlyWorld = defineRule(
  {
    id: 'cilium-cidr-ipv4-only-world',
    semanticsId: 'C20',
    title: '0.0.0.0/0 covers only IPv4',
    severity: 'warning',
    category: 'exposure',
    threat: 'misconfiguration',
    rationale:
      '`0.0.0.0/0` is the IPv4 world only; in a dual-stack cluster IPv6 destinations are not covered (for an allow: broken; for a deny: bypassed). Use the `world` entity, or add `::/0`.',
    badExample: cnp(`
endpointSelector:
  matchLabels:
    app: web
egress:
  - toCIDR:
      - 0.0.0.0/0
`),
    goodExample: cnp(`
endpointSelector:
  matchLabels:
    app: web
egress:
  - toEntities:
      - world
`),
    appliesTo: CILIUM_KINDS,
    needsContext: false,
  },
  ctx =>
    ciliumRules(ctx.resources).flatMap(r => {
      const all = ['fromCIDR', 'fromCIDRSet', 'toCIDR', 'toCIDRSet'].flatMap(
        f => cidrs(r.rule, f),
      );
      if (all.some(c => c.cidr.trim() === '::/0')) return [];
      return all
        .filter(c => c.cidr.trim() === '0.0.0.0/0')
        .map(c => ({
          resource: r.resource,
          path: [...r.path, ...c.path],
          message: `0.0.0.0/0 covers IPv4 only: in dual stack IPv6 ${r.deny ? 'escapes this deny' : 'is not allowed'}; use the world entity or add ::/0.`,
        }));
    }),
);
