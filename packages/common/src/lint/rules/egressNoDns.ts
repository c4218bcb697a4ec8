import type { Hit } from '../types';
import { defineRule } from '../rule';
import { arr, isObj } from '../util/access';
import {
  CILIUM_DNS_RULE,
  NP_DNS_RULE,
  ciliumAllowsDns,
  dnsAllowedElsewhere,
  npRuleAllowsDns,
} from '../util/dns';
import {
  ciliumDefaultDeny,
  ciliumRules,
  ciliumSpecs,
  npPolicyTypes,
  npSpecs,
  namespaceOf,
} from '../util/policies';
import { scopeResources } from '../util/scope';
import { insertSequenceItemBefore } from '../util/text';
import { np } from './examples';

/** K01: egress default deny without a DNS allowance breaks name resolution. */
export const egressNoDns = defineRule(
  {
    id: 'egress-default-deny-without-dns',
    semanticsId: 'K01',
    title: 'Egress default deny without DNS',
    severity: 'warning',
    category: 'dns',
    threat: 'denial-of-service',
    rationale:
      'Once a policy isolates a pod for egress, everything not allowed is dropped — including DNS to kube-dns/CoreDNS. Name resolution then fails and so does nearly every connection. Allow UDP and TCP 53 to the cluster resolver (for Cilium, through the DNS proxy).',
    badExample: np(`
podSelector:
  matchLabels:
    app: web
policyTypes:
  - Egress
egress:
  - to:
      - podSelector:
          matchLabels:
            app: api
    ports:
      - protocol: TCP
        port: 8080
`),
    goodExample: np(`
podSelector:
  matchLabels:
    app: web
policyTypes:
  - Egress
egress:
  - to:
      - namespaceSelector:
          matchLabels:
            kubernetes.io/metadata.name: kube-system
        podSelector:
          matchLabels:
            k8s-app: kube-dns
    ports:
      - protocol: UDP
        port: 53
      - protocol: TCP
        port: 53
  - to:
      - podSelector:
          matchLabels:
            app: api
    ports:
      - protocol: TCP
        port: 8080
`),
    appliesTo: [
      'NetworkPolicy',
      'CiliumNetworkPolicy',
      'CiliumClusterwideNetworkPolicy',
    ],
    needsContext: false,
  },
  ctx => {
    const scope = scopeResources(ctx);
    const hits: Hit[] = [];
    for (const { resource, spec } of npSpecs(ctx.resources)) {
      if (!npPolicyTypes(spec).includes('Egress')) continue;
      const rules = (arr(spec.egress) ?? []).filter(isObj);
      if (rules.some(npRuleAllowsDns)) continue;
      if (
        dnsAllowedElsewhere(
          scope,
          namespaceOf(resource),
          spec.podSelector ?? {},
        )
      )
        continue;
      const edit =
        rules.length > 0
          ? insertSequenceItemBefore(
              resource,
              ['spec', 'egress', 0],
              NP_DNS_RULE,
            )
          : undefined;
      hits.push({
        resource,
        path:
          spec.policyTypes !== undefined
            ? ['spec', 'policyTypes']
            : ['spec', 'egress'],
        message:
          'egress is default-deny for these pods and nothing allows DNS (UDP/TCP 53 to kube-dns): name resolution will fail.',
        fix: edit
          ? { title: 'Allow DNS to kube-dns', edits: [edit] }
          : undefined,
      });
    }
    // Specs with a rule that allows DNS, once (not a scan of every rule per spec).
    const specsAllowingDns = new Set(
      ciliumRules(scope)
        .filter(ciliumAllowsDns)
        .map(r => r.owner.spec),
    );
    for (const owner of ciliumSpecs(ctx.resources)) {
      if (
        !ciliumDefaultDeny(
          owner.spec,
          'egress',
          ctx.settings.nonDefaultDenyPolicies ?? true,
        )
      )
        continue;
      if (specsAllowingDns.has(owner.spec)) continue;
      if (
        dnsAllowedElsewhere(scope, owner.namespace, owner.spec.endpointSelector)
      )
        continue;
      const hasEgress = (arr(owner.spec.egress)?.length ?? 0) > 0;
      const edit = hasEgress
        ? insertSequenceItemBefore(
            owner.resource,
            [...owner.path, 'egress', 0],
            CILIUM_DNS_RULE,
          )
        : undefined;
      hits.push({
        resource: owner.resource,
        path: [...owner.path, hasEgress ? 'egress' : 'egressDeny'],
        atKey: true,
        message:
          'egress is default-deny for the selected endpoints and no rule allows DNS to the cluster resolver: name resolution will fail.',
        fix: edit
          ? {
              title: 'Allow DNS to kube-dns through the DNS proxy',
              edits: [edit],
            }
          : undefined,
      });
    }
    return hits;
  },
);
