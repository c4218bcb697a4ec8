import { defineRule } from '../rule';
import { isObj } from '../util/access';
import { ciliumSpecs } from '../util/policies';
import { insertMapEntry } from '../util/text';
import { ccnp } from './examples';

/** C16: a deny-only policy still switches its endpoints to default deny. */
export const denyEnablesDefaultDeny = defineRule(
  {
    id: 'cilium-deny-only-default-deny',
    semanticsId: 'C16',
    title: 'Deny-only policy turns on default deny',
    severity: 'warning',
    category: 'enforcement',
    threat: 'denial-of-service',
    rationale:
      'Deny rules count as rules in their direction: a policy with only `ingressDeny`/`egressDeny` makes the selected endpoints default-deny, so everything not explicitly allowed elsewhere is dropped — not only what the deny lists. Set `enableDefaultDeny.<direction>: false` to deny just the listed traffic.',
    badExample: ccnp(`
endpointSelector: {}
egressDeny:
  - toEntities:
      - world
`),
    goodExample: ccnp(`
endpointSelector: {}
enableDefaultDeny:
  egress: false
egressDeny:
  - toEntities:
      - world
`),
    appliesTo: ['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy'],
    needsContext: false,
  },
  ctx =>
    ciliumSpecs(ctx.resources).flatMap(s =>
      (['ingress', 'egress'] as const).flatMap(dir => {
        const deny = s.spec[`${dir}Deny`];
        const allow = s.spec[dir];
        if (!Array.isArray(deny) || deny.length === 0) return [];
        if (Array.isArray(allow) && allow.length > 0) return [];
        const edd = s.spec.enableDefaultDeny;
        if (isObj(edd) && edd[dir] === false) return [];
        const firstKey = Object.keys(s.spec)[0];
        const edit =
          edd === undefined && firstKey
            ? insertMapEntry(
                s.resource,
                s.path,
                firstKey,
                `enableDefaultDeny: { ${dir}: false }`,
              )
            : undefined;
        return [
          {
            resource: s.resource,
            path: [...s.path, `${dir}Deny`],
            atKey: true,
            message: `this deny-only policy switches the selected endpoints to ${dir} default deny: everything not allowed elsewhere is dropped, not just what it denies.`,
            fix: edit
              ? { title: `Set enableDefaultDeny.${dir}: false`, edits: [edit] }
              : undefined,
          },
        ];
      }),
    ),
);
