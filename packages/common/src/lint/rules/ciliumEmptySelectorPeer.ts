import { defineRule } from '../rule';
import { arr } from '../util/access';
import { isEmptySelector } from '../util/labels';
import { ciliumRules } from '../util/policies';
import { CILIUM_KINDS, cnp } from './examples';

/** C07: `fromEndpoints: [{}]` is not "everything". */
export const ciliumEmptySelectorPeer = defineRule(
  {
    id: 'cilium-empty-selector-peer',
    semanticsId: 'C07',
    title: 'Empty endpoint selector is narrower than it looks',
    severity: 'warning',
    category: 'selection',
    threat: 'misconfiguration',
    rationale:
      "In a CiliumNetworkPolicy `fromEndpoints: [{}]` means all pods of the policy's namespace (and, with policy-default-local-cluster, of the local cluster only) — not every endpoint. In a clusterwide policy it means every pod but never the host, world or other reserved identities. Say what you mean: a namespace label, `fromEntities: [cluster]`, or `all`.",
    badExample: cnp(`
endpointSelector:
  matchLabels:
    app: db
ingress:
  - fromEndpoints:
      - {}
`),
    goodExample: cnp(`
endpointSelector:
  matchLabels:
    app: db
ingress:
  - fromEndpoints:
      - matchLabels:
          k8s:io.kubernetes.pod.namespace: shop
`),
    appliesTo: CILIUM_KINDS,
    needsContext: false,
  },
  ctx =>
    ciliumRules(ctx.resources).flatMap(r =>
      (['fromEndpoints', 'toEndpoints'] as const).flatMap(f =>
        (arr(r.rule[f]) ?? []).flatMap((sel, i) =>
          isEmptySelector(sel)
            ? [
                {
                  resource: r.resource,
                  path: [...r.path, f, i],
                  message: r.owner.clusterwide
                    ? `${f}: [{}] in a clusterwide policy selects every pod, but not the host, world or other reserved identities.`
                    : `${f}: [{}] selects only pods of namespace ${r.owner.namespace ?? '(policy namespace)'}${ctx.settings.defaultLocalCluster === false ? '' : ' in the local cluster'}, not every endpoint.`,
                },
              ]
            : [],
        ),
      ),
    ),
);
