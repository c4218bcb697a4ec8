import { defineRule } from '../rule';
import { arr } from '../util/access';
import { CILIUM_DNS_RULE, hasDnsProxyElsewhere } from '../util/dns';
import { ciliumRules } from '../util/policies';
import { scopeResources } from '../util/scope';
import { insertSequenceItemBefore } from '../util/text';
import { CILIUM_KINDS, cnp } from './examples';

/** C10: toFQDNs learns IPs only from DNS answers the proxy intercepted. */
export const fqdnWithoutDnsProxy = defineRule(
  {
    id: 'cilium-fqdn-without-dns-proxy',
    semanticsId: 'C10',
    title: 'toFQDNs without a DNS proxy rule',
    severity: 'warning',
    category: 'dns',
    threat: 'denial-of-service',
    rationale:
      "toFQDNs allows only the IPs seen in DNS answers intercepted by the agent's DNS proxy, and the proxy intercepts only when an egress rule for the endpoint has an L7 `dns` rule towards the resolver. Without it no IP is ever learned, and because the policy is egress default-deny, DNS itself is blocked too.",
    badExample: cnp(`
endpointSelector:
  matchLabels:
    app: web
egress:
  - toFQDNs:
      - matchName: api.example.com
    toPorts:
      - ports:
          - port: "443"
            protocol: TCP
`),
    goodExample: cnp(`
endpointSelector:
  matchLabels:
    app: web
egress:
  - toEndpoints:
      - matchLabels:
          k8s:io.kubernetes.pod.namespace: kube-system
          k8s:k8s-app: kube-dns
    toPorts:
      - ports:
          - port: "53"
            protocol: ANY
        rules:
          dns:
            - matchPattern: "*"
  - toFQDNs:
      - matchName: api.example.com
    toPorts:
      - ports:
          - port: "443"
            protocol: TCP
`),
    appliesTo: CILIUM_KINDS,
    needsContext: false,
  },
  ctx => {
    const scope = scopeResources(ctx);
    return ciliumRules(ctx.resources)
      .filter(
        r => r.direction === 'egress' && (arr(r.rule.toFQDNs)?.length ?? 0) > 0,
      )
      .filter(r => !hasDnsProxyElsewhere(scope, r.owner))
      .map(r => {
        const edit = insertSequenceItemBefore(
          r.resource,
          [...r.owner.path, 'egress', 0],
          CILIUM_DNS_RULE,
        );
        return {
          resource: r.resource,
          path: [...r.path, 'toFQDNs'],
          atKey: true,
          message:
            'toFQDNs without an L7 DNS rule to the resolver: the DNS proxy never sees the answers, so no IP is allowed (and DNS itself is blocked).',
          fix: edit
            ? { title: 'Add a DNS proxy rule for kube-dns', edits: [edit] }
            : undefined,
        };
      });
  },
);
