/**
 * Short explanations of the policy fields, entities and ports the editor shows on hover and in
 * completions. Wording follows SEMANTICS.md; the engine decides, these only describe.
 */
export const FIELD_DOCS: Record<string, string> = {
  apiVersion:
    'API group/version: `networking.k8s.io/v1` for NetworkPolicy, `cilium.io/v2` for Cilium policies.',
  kind: 'Object kind: NetworkPolicy, CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy, …',
  metadata: 'Name, namespace and labels of the object.',
  spec: 'The policy rule. A CiliumNetworkPolicy may instead carry a list in `specs`.',
  specs:
    'Several Cilium rules in one object; each has its own endpointSelector.',
  endpointSelector:
    'Selects the endpoints (pods) this rule applies to, by Cilium identity labels. For a namespaced CNP only pods of its namespace. An empty selector `{}` selects every pod it can.',
  nodeSelector: 'Selects nodes (host firewall) instead of pods.',
  podSelector:
    'Selects the pods in the policy namespace that the policy isolates. `{}` = every pod of the namespace.',
  namespaceSelector:
    'Selects namespaces by their labels; with podSelector, pods matching both.',
  policyTypes:
    'Directions this NetworkPolicy isolates. Listing `Egress` with no egress rules denies all egress (DNS too).',
  ingress:
    'Allow rules for traffic INTO the selected pods. Once any rule selects a pod for ingress, everything else inbound is denied (default deny).',
  egress:
    'Allow rules for traffic FROM the selected pods. Once selected for egress, everything else outbound is denied — remember DNS.',
  ingressDeny: 'Deny rules for inbound traffic; deny wins over allow.',
  egressDeny: 'Deny rules for outbound traffic; deny wins over allow.',
  from: 'Peers allowed in (OR). Absent = from anywhere; `[]` = from nowhere.',
  to: 'Peers allowed out (OR). Absent = to anywhere; `[]` = to nowhere.',
  fromEndpoints:
    'Peers allowed in, by endpoint selector. Without `io.kubernetes.pod.namespace` only pods of the policy namespace; without `io.cilium.k8s.policy.cluster` only the local cluster (policy-default-local-cluster). `[]` selects nothing; `[{}]` every endpoint of the namespace.',
  toEndpoints:
    'Peers allowed out, by endpoint selector (same namespace/cluster defaults as fromEndpoints).',
  fromRequires: 'Removed in Cilium 1.17+: extra requirements on every peer.',
  toRequires: 'Removed in Cilium 1.17+: extra requirements on every peer.',
  fromEntities:
    'Peers by reserved entity: world, cluster, host, remote-node, kube-apiserver, ingress, health, all…',
  toEntities:
    'Destinations by reserved entity: world, cluster, host, remote-node, kube-apiserver, all…',
  fromCIDR:
    'Source addresses outside the cluster. CIDRs never match pods or nodes of the mesh under Cilium.',
  toCIDR:
    'Destination addresses outside the cluster; never pods of the mesh under Cilium.',
  fromCIDRSet: 'Source CIDRs with `except` holes.',
  toCIDRSet: 'Destination CIDRs with `except` holes.',
  toFQDNs:
    'Destinations by DNS name. Works only when an L7 DNS rule (toPorts.rules.dns) towards the DNS server lets the DNS proxy learn the IPs.',
  toServices:
    'Destinations by Kubernetes Service (backends of a selector-less service).',
  toPorts:
    'Ports (and optional L7 rules) this rule allows. Absent = every port.',
  ports: 'Port/protocol pairs. Absent = every port.',
  port: 'Port number, a range start, or a named container port of the destination.',
  endPort: 'Inclusive end of a port range.',
  protocol:
    'TCP, UDP, SCTP (Cilium also ANY). Default TCP for NetworkPolicy, ANY for Cilium.',
  rules:
    'L7 rules (http, dns, kafka): matching traffic goes through the Envoy/DNS proxy.',
  http: 'HTTP rules: only requests matching method/path/host/headers pass; others get 403.',
  dns: 'DNS rules: which names pods may resolve; required for toFQDNs to learn IPs.',
  matchName: 'An exact DNS name.',
  matchPattern:
    'A DNS pattern; `*` matches within one label (`**.` any depth on newer Cilium).',
  authentication:
    'Mutual authentication (SPIFFE). `mode: required` drops flows across ClusterMesh: mutual auth does not work between clusters.',
  mode: 'authentication.mode: `disabled` or `required`. Required across clusters = dropped.',
  matchLabels: 'Labels that must all be equal (AND).',
  matchExpressions:
    'Set-based requirements (In, NotIn, Exists, DoesNotExist), ANDed with matchLabels.',
  enableDefaultDeny:
    'Turn off default deny for this policy (ingress/egress: false) so it only adds allows.',
  ipBlock:
    'Addresses (CIDR with `except`). Pod IPs are matched too by the Kubernetes reference, not by Cilium.',
  icmps: 'ICMP types allowed.',
  labels: 'Cilium rule labels (for identification in Hubble).',
  description: 'Free text.',
};

export const ENTITY_DOCS: Record<string, string> = {
  world:
    'Everything outside the cluster mesh (Internet, non-Cilium addresses).',
  'world-ipv4': 'The IPv4 part of `world`.',
  'world-ipv6': 'The IPv6 part of `world`.',
  cluster:
    'Every endpoint of the LOCAL cluster (pods, hosts, remote nodes) — not other clusters of the mesh.',
  'cluster-mesh': 'Every endpoint of every cluster in the mesh (Cilium 1.20+).',
  host: 'The local node, including host-network pods.',
  'remote-node': 'Other nodes of the cluster (and of the mesh).',
  'kube-apiserver': 'The Kubernetes API server.',
  ingress: 'The Cilium ingress / Gateway API Envoy.',
  health: 'Cilium health-check endpoints.',
  init: 'Endpoints whose identity is not resolved yet.',
  unmanaged: 'Pods not managed by Cilium.',
  all: 'Everything: all entities, world included.',
};

export const WELL_KNOWN_PORTS: Record<number, string> = {
  53: 'DNS',
  80: 'HTTP',
  443: 'HTTPS',
  4317: 'OTLP gRPC',
  4318: 'OTLP HTTP',
  5432: 'PostgreSQL',
  6379: 'Redis',
  8080: 'HTTP (alt)',
  8443: 'HTTPS (alt)',
  9090: 'Prometheus metrics',
  9153: 'CoreDNS metrics',
  50051: 'gRPC',
};

export const KINDS: Array<{ kind: string; apiVersion: string }> = [
  { kind: 'CiliumNetworkPolicy', apiVersion: 'cilium.io/v2' },
  { kind: 'CiliumClusterwideNetworkPolicy', apiVersion: 'cilium.io/v2' },
  { kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1' },
  {
    kind: 'AdminNetworkPolicy',
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
  },
  {
    kind: 'BaselineAdminNetworkPolicy',
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
  },
  { kind: 'PeerAuthentication', apiVersion: 'security.istio.io/v1' },
  { kind: 'AuthorizationPolicy', apiVersion: 'security.istio.io/v1' },
  // Calico (docs/calico.md): its NetworkPolicy shares the Kubernetes kind's name.
  { kind: 'NetworkPolicy', apiVersion: 'projectcalico.org/v3' },
  { kind: 'GlobalNetworkPolicy', apiVersion: 'projectcalico.org/v3' },
  { kind: 'Tier', apiVersion: 'projectcalico.org/v3' },
];

/**
 * `spec` fields of the kinds whose spec is not a Cilium / NetworkPolicy one (the upstream
 * CRDs: network-policy-api v1alpha1, istio/api security v1, projectcalico.org/v3).
 */
export const SPEC_FIELDS_BY_KIND: Record<string, string[]> = {
  AdminNetworkPolicy: ['priority', 'subject', 'ingress', 'egress'],
  BaselineAdminNetworkPolicy: ['subject', 'ingress', 'egress'],
  PeerAuthentication: ['selector', 'mtls', 'portLevelMtls'],
  AuthorizationPolicy: [
    'selector',
    'targetRefs',
    'action',
    'provider',
    'rules',
  ],
  // projectcalico.org/v3 (the NetworkPolicy under the name the decoder gives it).
  CalicoNetworkPolicy: [
    'tier',
    'order',
    'selector',
    'serviceAccountSelector',
    'types',
    'ingress',
    'egress',
  ],
  GlobalNetworkPolicy: [
    'tier',
    'order',
    'selector',
    'serviceAccountSelector',
    'namespaceSelector',
    'types',
    'ingress',
    'egress',
  ],
  Tier: ['order', 'defaultAction'],
};

/** Fields that are valid children of a parent key (for completions). */
export const CHILD_FIELDS: Record<string, string[]> = {
  '': ['apiVersion', 'kind', 'metadata', 'spec', 'specs'],
  metadata: ['name', 'namespace', 'labels', 'annotations'],
  spec: [
    'endpointSelector',
    'nodeSelector',
    'ingress',
    'egress',
    'ingressDeny',
    'egressDeny',
    'enableDefaultDeny',
    'podSelector',
    'policyTypes',
    'description',
    'labels',
  ],
  specs: [
    'endpointSelector',
    'nodeSelector',
    'ingress',
    'egress',
    'ingressDeny',
    'egressDeny',
    'enableDefaultDeny',
    'description',
  ],
  ingress: [
    'fromEndpoints',
    'fromEntities',
    'fromCIDR',
    'fromCIDRSet',
    'fromNodes',
    'toPorts',
    'icmps',
    'authentication',
    'from',
    'ports',
  ],
  ingressDeny: [
    'fromEndpoints',
    'fromEntities',
    'fromCIDR',
    'fromCIDRSet',
    'toPorts',
    'icmps',
  ],
  egress: [
    'toEndpoints',
    'toEntities',
    'toCIDR',
    'toCIDRSet',
    'toFQDNs',
    'toServices',
    'toNodes',
    'toPorts',
    'icmps',
    'authentication',
    'to',
    'ports',
  ],
  egressDeny: [
    'toEndpoints',
    'toEntities',
    'toCIDR',
    'toCIDRSet',
    'toPorts',
    'icmps',
  ],
  toPorts: ['ports', 'rules', 'serverNames'],
  ports: ['port', 'endPort', 'protocol'],
  rules: ['http', 'dns', 'kafka', 'l7proto'],
  http: ['method', 'path', 'host', 'headers'],
  dns: ['matchName', 'matchPattern'],
  toFQDNs: ['matchName', 'matchPattern'],
  authentication: ['mode'],
  endpointSelector: ['matchLabels', 'matchExpressions'],
  podSelector: ['matchLabels', 'matchExpressions'],
  namespaceSelector: ['matchLabels', 'matchExpressions'],
  fromEndpoints: ['matchLabels', 'matchExpressions'],
  toEndpoints: ['matchLabels', 'matchExpressions'],
  from: ['podSelector', 'namespaceSelector', 'ipBlock'],
  to: ['podSelector', 'namespaceSelector', 'ipBlock'],
};

export const PROTOCOLS = ['TCP', 'UDP', 'SCTP', 'ANY'];
