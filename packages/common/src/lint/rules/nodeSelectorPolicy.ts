import { defineRule } from '../rule';
import { ciliumSpecs } from '../util/policies';
import { ccnp, ciliumConfig } from './examples';

const POLICY = ccnp(`
nodeSelector:
  matchLabels:
    node-role.kubernetes.io/worker: ""
ingress:
  - fromEntities:
      - cluster
`);

/** C21: nodeSelector is CCNP-only and needs the host firewall. */
export const nodeSelectorPolicy = defineRule(
  {
    id: 'cilium-node-selector-ignored',
    semanticsId: 'C21',
    title: 'Host policy without host firewall, or in a namespaced policy',
    severity: 'error',
    category: 'enforcement',
    threat: 'unauthorized-access',
    rationale:
      '`nodeSelector` (host policies) is rejected in a CiliumNetworkPolicy, and in a clusterwide policy it is ignored entirely unless the host firewall is enabled (`enable-host-firewall`). The nodes are then not protected.',
    badExample: `${ciliumConfig({ 'cluster-name': 'c1', 'enable-host-firewall': 'false' })}---\n${POLICY}`,
    goodExample: `${ciliumConfig({ 'cluster-name': 'c1', 'enable-host-firewall': 'true' })}---\n${POLICY}`,
    appliesTo: [
      'CiliumNetworkPolicy',
      'CiliumClusterwideNetworkPolicy',
      'cilium-config',
    ],
    needsContext: false,
  },
  ctx =>
    ciliumSpecs(ctx.resources)
      .filter(s => s.spec.nodeSelector !== undefined)
      .flatMap(s => {
        const path = [...s.path, 'nodeSelector'];
        if (!s.clusterwide) {
          return [
            {
              resource: s.resource,
              path,
              atKey: true,
              message:
                'nodeSelector is not allowed in a CiliumNetworkPolicy: the policy is rejected; use a clusterwide policy.',
            },
          ];
        }
        if (ctx.settings.hostFirewall === false) {
          return [
            {
              resource: s.resource,
              path,
              atKey: true,
              message:
                'host policy while the host firewall is disabled (enable-host-firewall=false): this policy is ignored.',
            },
          ];
        }
        return [];
      }),
);
