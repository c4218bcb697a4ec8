import { defineRule } from '../rule';
import { isObj } from '../util/access';
import { ciliumSpecs } from '../util/policies';
import { cnp } from './examples';

/** C17: `enableDefaultDeny: false` without deny rules denies nothing (or is ignored by the agent). */
export const nonDefaultDenyNoDeny = defineRule(
  {
    id: 'cilium-non-default-deny-denies-nothing',
    semanticsId: 'C17',
    title: 'enableDefaultDeny: false denies nothing',
    severity: 'warning',
    category: 'enforcement',
    threat: 'unauthorized-access',
    rationale:
      'With `enableDefaultDeny.<direction>: false` a policy only denies what its deny rules list; with allow rules alone it restricts nothing (an allow-all is synthesised). And when the agent runs with `enable-non-default-deny-policies=false` the field is ignored and the policy is default-deny after all.',
    badExample: cnp(`
endpointSelector:
  matchLabels:
    app: db
enableDefaultDeny:
  ingress: false
ingress:
  - fromEndpoints:
      - matchLabels:
          app: web
`),
    goodExample: cnp(`
endpointSelector:
  matchLabels:
    app: db
enableDefaultDeny:
  ingress: false
ingressDeny:
  - fromEntities:
      - world
`),
    appliesTo: ['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy'],
    needsContext: false,
  },
  ctx =>
    ciliumSpecs(ctx.resources).flatMap(s => {
      const edd = s.spec.enableDefaultDeny;
      if (!isObj(edd)) return [];
      return (['ingress', 'egress'] as const)
        .filter(dir => edd[dir] === false)
        .flatMap(dir => {
          const path = [...s.path, 'enableDefaultDeny', dir];
          if (ctx.settings.nonDefaultDenyPolicies === false) {
            return [
              {
                resource: s.resource,
                path,
                message: `enableDefaultDeny.${dir}: false is ignored: the agent runs with enable-non-default-deny-policies=false, so this policy is default-deny.`,
              },
            ];
          }
          const deny = s.spec[`${dir}Deny`];
          if (Array.isArray(deny) && deny.length > 0) return [];
          return [
            {
              resource: s.resource,
              path,
              message: `enableDefaultDeny.${dir}: false without ${dir}Deny rules: this policy denies nothing in ${dir} (its allows restrict nothing).`,
            },
          ];
        });
    }),
);
