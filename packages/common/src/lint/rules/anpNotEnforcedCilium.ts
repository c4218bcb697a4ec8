import { defineRule } from '../rule';
import { adminPolicies } from '../util/adminPolicies';
import { targetClusters } from '../util/context';
import { ccnp, anp } from './examples';

/** K14: Cilium does not enforce ANP / BANP v1alpha1. */
export const anpNotEnforcedCilium = defineRule(
  {
    id: 'anp-not-enforced-by-cilium',
    semanticsId: 'K14',
    title: 'AdminNetworkPolicy under Cilium',
    severity: 'info',
    category: 'enforcement',
    threat: 'lack-of-visibility',
    rationale:
      'Cilium has no translator for AdminNetworkPolicy / BaselineAdminNetworkPolicy v1alpha1 (1.20 translates ClusterNetworkPolicy v1alpha2 only): in a Cilium cluster these guardrails are accepted by the API server and enforce nothing. ytk leaves them out of Cilium clusters and says so in every result. Express the guardrail as a CiliumClusterwideNetworkPolicy (deny rules for Deny, allow rules for Allow).',
    badExample: anp(`
priority: 10
subject:
  namespaces: {}
ingress:
  - action: Deny
    from:
      - namespaces:
          matchLabels:
            team: guest
`),
    goodExample: ccnp(`
endpointSelector: {}
ingressDeny:
  - fromEndpoints:
      - matchLabels:
          io.cilium.k8s.namespace.labels.team: guest
`),
    appliesTo: ['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy'],
    needsContext: false,
    exampleOptions: { ciliumVersion: '1.19.1' },
  },
  ctx => {
    const { enforcer } = ctx.options;
    const clusters = targetClusters(ctx);
    const cilium =
      enforcer === 'cilium' ||
      (enforcer === undefined &&
        (clusters.length
          ? clusters.some(c => c.enforcer === 'cilium')
          : ctx.settings.known));
    if (!cilium) return [];
    const version = ctx.settings.version ? ` ${ctx.settings.version}` : '';
    return adminPolicies(ctx.resources).map(p => ({
      resource: p.resource,
      path: ['kind'],
      message: `${p.kind} ${p.name} is not enforced by Cilium${version}: Cilium does not implement policy.networking.k8s.io/v1alpha1 (1.20 translates ClusterNetworkPolicy v1alpha2 only); ytk leaves it out of this cluster's results.`,
    }));
  },
);
