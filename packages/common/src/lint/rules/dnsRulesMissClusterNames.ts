import { defineRule } from '../rule';
import { arr, isObj, str } from '../util/access';
import { portRules } from '../util/l7';
import { ciliumRules } from '../util/policies';
import { CILIUM_KINDS, cnp } from './examples';

/** A DNS rule entry that lets in-cluster names (`*.svc.cluster.local.`) through. */
function coversClusterNames(e: unknown): boolean {
  if (!isObj(e)) return false;
  const pattern = str(e.matchPattern)?.replace(/\.$/, '');
  const name = str(e.matchName)?.replace(/\.$/, '');
  if (pattern === '*' || pattern === '**') return true;
  return [pattern, name].some(
    v => !!v && /(^|\.)cluster\.local$/.test(v) && v.includes('*'),
  );
}

/** C11: restrictive DNS rules REFUSE the resolver's search-list expansions. */
export const dnsRulesMissClusterNames = defineRule(
  {
    id: 'cilium-dns-rules-miss-cluster-names',
    semanticsId: 'C11',
    title: 'DNS rules do not allow cluster names',
    severity: 'warning',
    category: 'dns',
    threat: 'denial-of-service',
    rationale:
      'With an L7 DNS rule, queries that match no pattern are answered REFUSED. Pods resolve through the search list (`<name>.<ns>.svc.cluster.local.` first, with ndots:5), and some resolvers (musl) give up on REFUSED. Allow `*.*.svc.cluster.local.` (or `*`) besides the external names.',
    badExample: cnp(`
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
            - matchName: api.example.com
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
            - matchName: api.example.com
            - matchPattern: "*.*.svc.cluster.local."
`),
    appliesTo: CILIUM_KINDS,
    needsContext: false,
  },
  ctx =>
    ciliumRules(ctx.resources)
      .filter(r => r.direction === 'egress' && !r.deny)
      .flatMap(portRules)
      .filter(pr => pr.l7.includes('dns'))
      .filter(pr => {
        const dns = arr((pr.portRule.rules as { dns?: unknown }).dns) ?? [];
        return !dns.some(coversClusterNames);
      })
      .map(pr => ({
        resource: pr.rule.resource,
        path: [...pr.path, 'rules', 'dns'],
        atKey: true,
        message:
          'the DNS rules allow no in-cluster names: search-list queries (…svc.cluster.local.) are REFUSED, which breaks lookups for some resolvers; add matchPattern "*.*.svc.cluster.local.".',
      })),
);
