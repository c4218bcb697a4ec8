import { defineRule } from '../rule';
import { arr } from '../util/access';
import { npSpecs } from '../util/policies';
import { insertMapEntry } from '../util/text';
import { np } from './examples';

/** K02: `egress: []` without policyTypes does not isolate egress. */
export const npPolicyTypesOmitted = defineRule(
  {
    id: 'np-egress-deny-without-policy-types',
    semanticsId: 'K02',
    title: 'Egress deny-all without policyTypes',
    severity: 'warning',
    category: 'enforcement',
    threat: 'unauthorized-access',
    rationale:
      'Without `policyTypes` the API server defaults to `[Ingress]` and adds `Egress` only when `egress` has at least one rule. `egress: []` therefore does not isolate egress: the intended deny-all-egress policy denies ingress instead. List `Egress` explicitly.',
    badExample: np(`
podSelector: {}
egress: []
`),
    goodExample: np(`
podSelector: {}
policyTypes:
  - Egress
egress: []
`),
    appliesTo: ['NetworkPolicy'],
    needsContext: false,
  },
  ctx =>
    npSpecs(ctx.resources)
      .filter(
        ({ spec }) =>
          spec.policyTypes === undefined &&
          Array.isArray(spec.egress) &&
          arr(spec.egress)!.length === 0,
      )
      .map(({ resource, spec }) => {
        const first = Object.keys(spec)[0];
        const edit = first
          ? insertMapEntry(resource, ['spec'], first, 'policyTypes: [Egress]')
          : undefined;
        return {
          resource,
          path: ['spec', 'egress'],
          atKey: true,
          message:
            'egress: [] without policyTypes does not isolate egress (policyTypes defaults to [Ingress]): this policy denies all ingress instead.',
          fix: edit
            ? { title: 'Add policyTypes: [Egress]', edits: [edit] }
            : undefined,
        };
      }),
);
