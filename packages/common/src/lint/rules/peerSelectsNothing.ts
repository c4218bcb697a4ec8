import { defineRule } from '../rule';
import { peerWorkloads, targetClusters } from '../util/context';
import { isReservedSelector } from '../util/labels';
import { policySelectors } from '../util/selectors';
import { cnp } from './examples';

/** K09: a peer selector that reaches no workload (from the target cluster's point of view). */
export const peerSelectsNothing = defineRule(
  {
    id: 'peer-selects-nothing',
    semanticsId: 'K09',
    title: 'Peer selector matches no workload',
    severity: 'info',
    category: 'selection',
    threat: 'denial-of-service',
    rationale:
      "A peer selector that matches no workload (after Cilium's namespace and cluster scoping) allows nothing: the intended client or server is denied. Usually a label typo, a missing namespace label or a missing cluster label.",
    badExample: cnp(`
endpointSelector:
  matchLabels:
    app: db
ingress:
  - fromEndpoints:
      - matchLabels:
          app: webb
`),
    goodExample: cnp(`
endpointSelector:
  matchLabels:
    app: db
ingress:
  - fromEndpoints:
      - matchLabels:
          app: web
`),
    appliesTo: [
      'NetworkPolicy',
      'CiliumNetworkPolicy',
      'CiliumClusterwideNetworkPolicy',
    ],
    needsContext: true,
  },
  ctx => {
    const overlay = ctx.overlay;
    const clusters = targetClusters(ctx);
    if (!overlay || clusters.length === 0) return [];
    return policySelectors(ctx.resources)
      .filter(s => s.role === 'peer' || s.role === 'namespace')
      .filter(
        s =>
          !(
            s.role === 'namespace' &&
            s.path[s.path.length - 2] !== undefined &&
            s.rule &&
            hasPod(s)
          ),
      )
      .filter(s => !isReservedSelector(s.selector))
      .filter(s =>
        clusters.every(c => peerWorkloads(s, c, overlay).length === 0),
      )
      .map(s => ({
        resource: s.resource,
        path: s.path,
        message:
          'this peer selector matches no workload (after namespace and cluster scoping): the rule allows nothing for it.',
      }));
  },
);

/** NP peers with both selectors are checked once, through the podSelector entry. */
function hasPod(s: {
  resource: { object: unknown };
  path: ReadonlyArray<string | number>;
}): boolean {
  let node: any = s.resource.object;
  for (const p of s.path.slice(0, -1)) node = node?.[p];
  return node?.podSelector !== undefined;
}
