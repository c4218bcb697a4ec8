import { defineRule } from '../rule';
import { arr, isObj, str } from '../util/access';
import { ciliumRules } from '../util/policies';
import { CILIUM_KINDS, cnp } from './examples';

/** C19: toServices to default/kubernetes is unreliable; use the kube-apiserver entity. */
export const toServicesKubernetes = defineRule(
  {
    id: 'cilium-to-services-kubernetes',
    semanticsId: 'C19',
    title: 'toServices to the API server service',
    severity: 'warning',
    category: 'selection',
    threat: 'denial-of-service',
    rationale:
      '`default/kubernetes` has no pod selector; toServices turns its endpoint IPs into CIDR rules, which do not match the API server reliably (host or remote-node identities). Use `toEntities: [kube-apiserver]`.',
    badExample: cnp(`
endpointSelector:
  matchLabels:
    app: operator
egress:
  - toServices:
      - k8sService:
          serviceName: kubernetes
          namespace: default
`),
    goodExample: cnp(`
endpointSelector:
  matchLabels:
    app: operator
egress:
  - toEntities:
      - kube-apiserver
`),
    appliesTo: CILIUM_KINDS,
    needsContext: false,
  },
  ctx =>
    ciliumRules(ctx.resources).flatMap(r =>
      (arr(r.rule.toServices) ?? []).flatMap((svc, i) => {
        const k =
          isObj(svc) && isObj(svc.k8sService) ? svc.k8sService : undefined;
        if (!k || str(k.serviceName) !== 'kubernetes') return [];
        const ns = str(k.namespace) ?? r.owner.namespace;
        if (ns !== 'default') return [];
        return [
          {
            resource: r.resource,
            path: [...r.path, 'toServices', i],
            message:
              'toServices to default/kubernetes does not select the API server reliably; use toEntities: [kube-apiserver].',
            fix: {
              title: 'Use toEntities: [kube-apiserver]',
              edits:
                (arr(r.rule.toServices) ?? []).length === 1 &&
                r.resource.document
                  ? [
                      {
                        range: {
                          start: r.resource.document.keyRangeOf([
                            ...r.path,
                            'toServices',
                          ]).start,
                          end: r.resource.document.rangeOf([
                            ...r.path,
                            'toServices',
                          ]).end,
                        },
                        newText: 'toEntities: [kube-apiserver]',
                      },
                    ]
                  : [],
            },
          },
        ];
      }),
    ),
);
