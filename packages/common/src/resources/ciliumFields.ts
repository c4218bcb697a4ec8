/*
 * Field names accepted in cilium.io/v2 CNP/CCNP rules, per rule type. They must agree with
 * the CRD schema (ciliumFields.test.ts walks the published CRD to check), so a typo is an
 * unknown-field problem and a real field never is.
 */
export const CILIUM_RULE_FIELDS = {
  rule: [
    'description',
    'egress',
    'egressDeny',
    'enableDefaultDeny',
    'endpointSelector',
    'ingress',
    'ingressDeny',
    'labels',
    'log',
    'nodeSelector',
  ],
  ingress: [
    'authentication',
    'fromCIDR',
    'fromCIDRSet',
    'fromEndpoints',
    'fromEntities',
    'fromGroups',
    'fromNodes',
    'fromRequires',
    'icmps',
    'toPorts',
  ],
  ingressDeny: [
    'fromCIDR',
    'fromCIDRSet',
    'fromEndpoints',
    'fromEntities',
    'fromGroups',
    'fromNodes',
    'fromRequires',
    'icmps',
    'toPorts',
  ],
  egress: [
    'authentication',
    'icmps',
    'toCIDR',
    'toCIDRSet',
    'toEndpoints',
    'toEntities',
    'toFQDNs',
    'toGroups',
    'toNodes',
    'toPorts',
    'toRequires',
    'toServices',
  ],
  egressDeny: [
    'icmps',
    'toCIDR',
    'toCIDRSet',
    'toEndpoints',
    'toEntities',
    'toGroups',
    'toNodes',
    'toPorts',
    'toRequires',
    'toServices',
  ],
  selector: ['matchExpressions', 'matchLabels'],
  selectorRequirement: ['key', 'operator', 'values'],
  authentication: ['mode'],
  icmpRule: ['fields'],
  icmpField: ['family', 'type'],
  cidrRule: ['cidr', 'cidrGroupRef', 'cidrGroupSelector', 'except'],
  fqdnSelector: ['matchName', 'matchPattern'],
  groups: ['aws'],
  awsGroup: ['labels', 'region', 'securityGroupsIds', 'securityGroupsNames'],
  service: ['k8sService', 'k8sServiceSelector'],
  k8sService: ['namespace', 'serviceName'],
  k8sServiceSelector: ['namespace', 'selector'],
  /** Deny rules take L4 only: no L7, TLS or listener. */
  denyPortRule: ['ports'],
  portRule: [
    'listener',
    'originatingTLS',
    'ports',
    'rules',
    'serverNames',
    'terminatingTLS',
  ],
  portProtocol: ['endPort', 'port', 'protocol'],
  listener: ['envoyConfig', 'name', 'priority'],
  envoyConfig: ['kind', 'name'],
  tlsContext: ['certificate', 'privateKey', 'secret', 'trustedCA'],
  secret: ['name', 'namespace'],
  l7Rules: ['dns', 'http', 'kafka', 'l7', 'l7proto'],
  dnsRule: ['matchName', 'matchPattern'],
  httpRule: ['headerMatches', 'headers', 'host', 'method', 'path'],
  headerMatch: ['mismatch', 'name', 'secret', 'value'],
  kafkaRule: ['apiKey', 'apiVersion', 'clientID', 'role', 'topic'],
  enableDefaultDeny: ['egress', 'ingress'],
  log: ['value'],
  label: ['key', 'source', 'value'],
} as const;

export type CiliumFieldGroup = keyof typeof CILIUM_RULE_FIELDS;

/** L3 peer kinds: a rule may use only one (Sanitize: "combining X and Y is not supported"). */
export const CILIUM_INGRESS_L3 = [
  'fromEndpoints',
  'fromCIDR',
  'fromCIDRSet',
  'fromEntities',
  'fromNodes',
  'fromGroups',
] as const;
export const CILIUM_EGRESS_L3 = [
  'toEndpoints',
  'toCIDR',
  'toCIDRSet',
  'toEntities',
  'toServices',
  'toFQDNs',
  'toGroups',
  'toNodes',
] as const;

/** Entities of the CRD enum plus the 1.20 additions (SEMANTICS §2.6). */
export const CILIUM_ENTITIES = [
  'all',
  'world',
  'world-ipv4',
  'world-ipv6',
  'cluster',
  'cluster-mesh',
  'host',
  'init',
  'ingress',
  'unmanaged',
  'remote-node',
  'health',
  'none',
  'kube-apiserver',
] as const;

export const CILIUM_PROTOCOLS = ['TCP', 'UDP', 'SCTP', 'ANY'] as const;
/** Need --enable-extended-ip-protocols and port 0 (SEMANTICS §2.10). */
export const CILIUM_EXTENDED_PROTOCOLS = [
  'VRRP',
  'IGMP',
  'GRE',
  'IPIP',
  'IPV6',
  'ESP',
  'AH',
] as const;

/** Sanitize: "too many ports, the max is 40". */
export const CILIUM_MAX_PORTS = 40;
