import type { Hit } from '../types';
import { defineRule } from '../rule';
import { arr, isObj, str } from '../util/access';
import { contains, parseCidr } from '../util/cidr';
import { ciliumRules, npRules } from '../util/policies';
import { cnp } from './examples';

function check(
  cidr: unknown,
  except: unknown,
  strict: boolean,
): Array<{ i: number; why: string }> {
  const outer = parseCidr(str(cidr) ?? '');
  if (!outer) return [];
  return (arr(except) ?? []).flatMap((e, i) => {
    const inner = parseCidr(str(e) ?? '');
    if (!inner) return [];
    if (!contains(outer, inner))
      return [{ i, why: `${e} is not inside ${cidr}` }];
    if (strict && inner.prefix === outer.prefix)
      return [{ i, why: `${e} must be strictly smaller than ${cidr}` }];
    return [];
  });
}

/** C23 / §1.1: an `except` outside its cidr is rejected (NetworkPolicy: must be a strict subset). */
export const cidrExceptOutside = defineRule(
  {
    id: 'cidr-except-outside',
    semanticsId: 'C23',
    title: 'CIDR except outside its cidr',
    severity: 'error',
    category: 'validity',
    threat: 'misconfiguration',
    rationale:
      'Each `except` entry must lie inside its `cidr` (for a NetworkPolicy ipBlock: strictly inside). Otherwise Cilium rejects the policy and the API server rejects the NetworkPolicy.',
    badExample: cnp(`
endpointSelector:
  matchLabels:
    app: web
egress:
  - toCIDRSet:
      - cidr: 10.0.0.0/8
        except:
          - 192.168.0.0/16
`),
    goodExample: cnp(`
endpointSelector:
  matchLabels:
    app: web
egress:
  - toCIDRSet:
      - cidr: 10.0.0.0/8
        except:
          - 10.96.0.0/12
`),
    appliesTo: [
      'NetworkPolicy',
      'CiliumNetworkPolicy',
      'CiliumClusterwideNetworkPolicy',
    ],
    needsContext: false,
  },
  ctx => {
    const hits: Hit[] = [];
    for (const r of ciliumRules(ctx.resources)) {
      for (const f of ['fromCIDRSet', 'toCIDRSet']) {
        (arr(r.rule[f]) ?? []).forEach((set, j) => {
          if (!isObj(set)) return;
          for (const bad of check(set.cidr, set.except, false)) {
            hits.push({
              resource: r.resource,
              path: [...r.path, f, j, 'except', bad.i],
              message: `${bad.why}: Cilium rejects the policy.`,
            });
          }
        });
      }
    }
    for (const r of npRules(ctx.resources)) {
      (arr(r.rule[r.peersKey]) ?? []).forEach((peer, j) => {
        if (!isObj(peer) || !isObj(peer.ipBlock)) return;
        for (const bad of check(peer.ipBlock.cidr, peer.ipBlock.except, true)) {
          hits.push({
            resource: r.resource,
            path: [...r.path, r.peersKey, j, 'ipBlock', 'except', bad.i],
            message: `${bad.why}: the API server rejects the policy.`,
          });
        }
      });
    }
    return hits;
  },
);
