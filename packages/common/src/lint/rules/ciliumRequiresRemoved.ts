import { defineRule } from '../rule';
import { ciliumRules } from '../util/policies';
import { atLeast } from '../util/version';
import { CILIUM_KINDS, cnp } from './examples';

/** C02: fromRequires/toRequires were deprecated in 1.17 and removed in 1.19. */
export const ciliumRequiresRemoved = defineRule(
  {
    id: 'cilium-requires-removed',
    semanticsId: 'C02',
    title: 'fromRequires / toRequires are removed',
    severity: 'error',
    category: 'validity',
    threat: 'misconfiguration',
    rationale:
      '`fromRequires`/`toRequires` were deprecated in Cilium 1.17 and removed in 1.19 (the CRD now has maxItems 0), so the API server rejects the policy. Express the requirement in each peer selector instead.',
    badExample: cnp(`
endpointSelector:
  matchLabels:
    app: db
ingress:
  - fromRequires:
      - matchLabels:
          env: prod
    fromEndpoints:
      - matchLabels:
          app: web
`),
    goodExample: cnp(`
endpointSelector:
  matchLabels:
    app: db
ingress:
  - fromEndpoints:
      - matchLabels:
          app: web
          env: prod
`),
    appliesTo: CILIUM_KINDS,
    needsContext: false,
  },
  ctx => {
    const v = ctx.settings.version;
    const removed = atLeast(v, '1.19');
    const deprecated = atLeast(v, '1.17');
    if (!deprecated) return [];
    return ciliumRules(ctx.resources).flatMap(r =>
      (['fromRequires', 'toRequires'] as const)
        .filter(f => r.rule[f] !== undefined)
        .map(f => ({
          resource: r.resource,
          path: [...r.path, f],
          atKey: true,
          severity: removed ? ('error' as const) : ('warning' as const),
          message: removed
            ? `${f} was removed in Cilium 1.19: the policy is rejected; put the requirement into each peer selector.`
            : `${f} is deprecated since Cilium 1.17 and removed in 1.19.`,
        })),
    );
  },
);
