import { defineRule } from '../rule';
import { arr, isObj } from '../util/access';
import { isEmptySelector } from '../util/labels';
import { npRules } from '../util/policies';
import { np } from './examples';

/** K05: `namespaceSelector: {}` (all namespaces) or a rule without `from` (everything, internet included). */
export const npAllowAllSources = defineRule(
  {
    id: 'np-allow-all-sources',
    semanticsId: 'K05',
    title: 'Ingress open to every namespace or every source',
    severity: 'warning',
    category: 'exposure',
    threat: 'unauthorized-access',
    rationale:
      'A rule without `from` (or with `from: []`) allows every source, including the internet. A peer with only `namespaceSelector: {}` allows every pod of every namespace. Both are rarely meant for a workload worth a policy.',
    badExample: np(`
podSelector:
  matchLabels:
    app: db
ingress:
  - from:
      - namespaceSelector: {}
    ports:
      - protocol: TCP
        port: 5432
`),
    goodExample: np(`
podSelector:
  matchLabels:
    app: db
ingress:
  - from:
      - namespaceSelector:
          matchLabels:
            kubernetes.io/metadata.name: shop
    ports:
      - protocol: TCP
        port: 5432
`),
    appliesTo: ['NetworkPolicy'],
    needsContext: false,
  },
  ctx =>
    npRules(ctx.resources)
      .filter(r => r.direction === 'ingress')
      .flatMap(r => {
        const from = arr(r.rule.from);
        if (!from || from.length === 0) {
          return [
            {
              resource: r.resource,
              path: r.path,
              message:
                'this ingress rule has no from: it allows every source, the internet included.',
            },
          ];
        }
        return from.flatMap((p, i) =>
          isObj(p) &&
          p.podSelector === undefined &&
          isEmptySelector(p.namespaceSelector)
            ? [
                {
                  resource: r.resource,
                  path: [...r.path, 'from', i, 'namespaceSelector'],
                  message:
                    'namespaceSelector: {} allows every pod of every namespace.',
                },
              ]
            : [],
        );
      }),
);
