import { defineRule } from '../rule';
import { arr, isObj } from '../util/access';
import { requirements } from '../util/labels';
import { ciliumRules, type CiliumRuleRef } from '../util/policies';
import { CILIUM_KINDS, cnp } from './examples';

/**
 * Words that name an ingress gateway or edge proxy. Matched as whole words of a label key or
 * value (split on `-`, `_`, `.`, `/`), never as substrings: "knowledge" or "proxyless-db" are
 * not gateways for containing the letters of "edge" / "proxy"; "edge-proxy" is.
 */
export const GATEWAY_WORDS: ReadonlySet<string> = new Set([
  'ingress',
  'gateway',
  'ingressgateway',
  'envoy',
  'proxy',
  'edge',
]);

/** True when a whole word of `text` is a gateway word (case-insensitive). */
export function namesGateway(text: string): boolean {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .some(w => GATEWAY_WORDS.has(w));
}

/** A subject that looks like an ingress gateway / edge proxy by its selector. */
function isGatewaySubject(r: CiliumRuleRef): boolean {
  const sel = r.owner.spec.endpointSelector;
  if (!isObj(sel)) return false;
  return requirements(sel).some(
    q => namesGateway(q.key) || q.values.some(v => namesGateway(v)),
  );
}

/** C04: world on ingress of internal workloads; `all` anywhere. */
export const ciliumEntityWorld = defineRule(
  {
    id: 'cilium-entity-world',
    semanticsId: 'C04',
    title: 'Internet or everything allowed by entity',
    severity: 'warning',
    category: 'exposure',
    threat: 'unauthorized-access',
    rationale:
      '`fromEntities: [world]` opens a workload to the internet; only ingress gateways should need that. `all` allows literally every identity, other clusters and the internet included, in either direction.',
    badExample: cnp(`
endpointSelector:
  matchLabels:
    app: db
ingress:
  - fromEntities:
      - world
`),
    goodExample: cnp(`
endpointSelector:
  matchLabels:
    app: ingress-gateway
ingress:
  - fromEntities:
      - world
    toPorts:
      - ports:
          - port: "443"
            protocol: TCP
`),
    appliesTo: CILIUM_KINDS,
    needsContext: false,
  },
  ctx =>
    ciliumRules(ctx.resources)
      .filter(r => !r.deny)
      .flatMap(r =>
        (['fromEntities', 'toEntities'] as const).flatMap(f =>
          (arr(r.rule[f]) ?? []).flatMap((e, i) => {
            const path = [...r.path, f, i];
            if (e === 'all') {
              return [
                {
                  resource: r.resource,
                  path,
                  message: `entity all allows every identity ${r.direction === 'ingress' ? 'to reach this workload' : 'as destination'}: other clusters and the internet included.`,
                },
              ];
            }
            if (
              f === 'fromEntities' &&
              typeof e === 'string' &&
              e.startsWith('world') &&
              !isGatewaySubject(r)
            ) {
              return [
                {
                  resource: r.resource,
                  path,
                  message: `entity ${e} opens this workload to the internet; only ingress gateways should allow world.`,
                },
              ];
            }
            return [];
          }),
        ),
      ),
);
