import { defineRule } from '../rule';
import { arr } from '../util/access';
import { npSpecs } from '../util/policies';
import { np } from './examples';

/** K03: a section for a direction missing from explicit policyTypes — ignored by K8s, enforced by Cilium. */
export const npPolicyTypesIgnoredSection = defineRule(
  {
    id: 'np-section-outside-policy-types',
    semanticsId: 'K03',
    title: 'Rules for a direction not in policyTypes',
    severity: 'warning',
    category: 'enforcement',
    threat: 'misconfiguration',
    rationale:
      'With explicit `policyTypes`, Kubernetes ignores an `ingress`/`egress` section for a direction not listed. Cilium (open bug cilium#48703) converts it anyway, isolating that direction. The same policy means two different things; list the direction or delete the section.',
    badExample: np(`
podSelector:
  matchLabels:
    app: db
policyTypes:
  - Egress
ingress:
  - from:
      - podSelector:
          matchLabels:
            app: web
`),
    goodExample: np(`
podSelector:
  matchLabels:
    app: db
policyTypes:
  - Ingress
  - Egress
ingress:
  - from:
      - podSelector:
          matchLabels:
            app: web
`),
    appliesTo: ['NetworkPolicy'],
    needsContext: false,
  },
  ctx =>
    npSpecs(ctx.resources).flatMap(({ resource, spec }) => {
      const types = arr(spec.policyTypes);
      if (!types || types.length === 0) return [];
      return (['ingress', 'egress'] as const)
        .filter(dir => (arr(spec[dir])?.length ?? 0) > 0)
        .filter(
          dir => !types.includes(dir === 'ingress' ? 'Ingress' : 'Egress'),
        )
        .map(dir => ({
          resource,
          path: ['spec', dir],
          atKey: true,
          message: `${dir} rules while policyTypes lacks ${dir === 'ingress' ? 'Ingress' : 'Egress'}: Kubernetes ignores them, Cilium enforces them (and isolates ${dir}).`,
        }));
    }),
);
