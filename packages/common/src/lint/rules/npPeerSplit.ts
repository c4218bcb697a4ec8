import { defineRule } from '../rule';
import { arr, isObj } from '../util/access';
import { npRules } from '../util/policies';
import { np } from './examples';

/** K04: `- namespaceSelector` followed by `- podSelector` is OR; AND was probably meant. */
export const npPeerSplit = defineRule(
  {
    id: 'np-peer-selectors-split',
    semanticsId: 'K04',
    title: 'namespaceSelector and podSelector in separate peers',
    severity: 'warning',
    category: 'exposure',
    threat: 'unauthorized-access',
    rationale:
      "Two list items (`- namespaceSelector: …` and `- podSelector: …`) are ORed: every pod of the selected namespaces is allowed, plus matching pods of the policy's own namespace. One item holding both keys is the AND most authors mean. A one-character YAML difference.",
    badExample: np(`
podSelector:
  matchLabels:
    app: db
ingress:
  - from:
      - namespaceSelector:
          matchLabels:
            team: shop
      - podSelector:
          matchLabels:
            app: web
`),
    goodExample: np(`
podSelector:
  matchLabels:
    app: db
ingress:
  - from:
      - namespaceSelector:
          matchLabels:
            team: shop
        podSelector:
          matchLabels:
            app: web
`),
    appliesTo: ['NetworkPolicy'],
    needsContext: false,
  },
  ctx =>
    npRules(ctx.resources).flatMap(r => {
      const peers = arr(r.rule[r.peersKey]) ?? [];
      const nsOnly = (p: unknown) =>
        isObj(p) &&
        p.namespaceSelector !== undefined &&
        p.podSelector === undefined &&
        p.ipBlock === undefined;
      const podOnly = (p: unknown) =>
        isObj(p) &&
        p.podSelector !== undefined &&
        p.namespaceSelector === undefined &&
        p.ipBlock === undefined;
      return peers.flatMap((p, i) => {
        const next = peers[i + 1];
        if (!((nsOnly(p) && podOnly(next)) || (podOnly(p) && nsOnly(next))))
          return [];
        return [
          {
            resource: r.resource,
            path: [...r.path, r.peersKey, i + 1],
            message:
              'namespaceSelector and podSelector are separate peers (OR): every pod of the selected namespaces is allowed. For "these pods in those namespaces" put both keys in one item.',
          },
        ];
      });
    }),
);
