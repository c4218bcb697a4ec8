import type { PostureRequirement } from './types';

/**
 * Version of the requirement catalogue. Bump the minor version when a requirement is added,
 * the major version when one changes meaning; ids are never reused.
 */
export const POSTURE_CATALOGUE_VERSION = '1.0.0';

const SEM = 'SEMANTICS.md';

/**
 * The security requirements ytk assesses, each traced to the design text it comes from
 * (/work/shared holds no separate threat-model documents, so the sources are SEMANTICS.md
 * sections). Docs (docs/posture.md) list every id.
 */
export const POSTURE_REQUIREMENTS: readonly PostureRequirement[] = [
  {
    id: 'PR01',
    slug: 'default-deny-ingress',
    title: 'Ingress default deny per namespace',
    statement:
      'Every workload of the namespace is ingress-isolated: a policy selects it for ingress with default deny.',
    boundary: 'namespace',
    stride: ['spoofing', 'information-disclosure', 'elevation-of-privilege'],
    source: {
      document: SEM,
      section: '§1.3 Isolation; §2.13 Enforcement mode and default deny',
      quote:
        'Non-isolated direction: everything allowed … if no rule (allow or deny, any kind) selects the endpoint in that direction ⇒ allow all.',
    },
    lintRules: ['namespace-without-default-deny'],
    remedy:
      'Add a namespace baseline: a NetworkPolicy with `podSelector: {}` and `policyTypes: [Ingress]`, or a CNP with `endpointSelector: {}` and an ingress section.',
  },
  {
    id: 'PR02',
    slug: 'default-deny-egress',
    title: 'Egress default deny per namespace',
    statement:
      'Every workload of the namespace is egress-isolated: a policy selects it for egress with default deny.',
    boundary: 'namespace',
    stride: ['information-disclosure', 'tampering'],
    source: {
      document: SEM,
      section: '§1.2 policyTypes defaulting; §1.3 Isolation',
      quote:
        'A "deny all egress" policy must list `Egress` explicitly (`policyTypes: [Egress]`, no egress rules).',
    },
    lintRules: [
      'np-egress-deny-without-policy-types',
      'egress-default-deny-without-dns',
    ],
    remedy:
      'Add `Egress` to the namespace baseline (`policyTypes: [Ingress, Egress]`) and allow DNS and the egress each workload needs.',
  },
  {
    id: 'PR03',
    slug: 'egress-restricted',
    title: 'Egress to the internet restricted to gateways',
    statement:
      'No workload except an egress/ingress gateway may reach `world` (or everything through `all`) on any port; named FQDNs are acceptable.',
    boundary: 'workload',
    stride: ['information-disclosure', 'tampering'],
    source: {
      document: SEM,
      section: '§7.2 C04; §2.6 Entities',
      quote:
        '`fromEntities`/`toEntities` `world` on ingress of internal workloads, or `all` anywhere — internet / everything incl. other clusters.',
    },
    lintRules: ['cilium-entity-world'],
    remedy:
      'Replace `toEntities: [world]` / `all` and open egress with `toFQDNs` (with the DNS proxy rule) or narrow CIDRs, or route through a gateway.',
  },
  {
    id: 'PR04',
    slug: 'internet-exposure',
    title: 'Exposure to the internet only through gateways',
    statement:
      'Only gateway workloads accept connections from `world`; every other workload is unreachable from outside the mesh.',
    boundary: 'workload',
    stride: ['spoofing', 'denial-of-service', 'elevation-of-privilege'],
    source: {
      document: SEM,
      section:
        '§7.2 C04; §2.5 Rule structure (no L3 field, with toPorts ⇒ all peers)',
      quote:
        '`fromEntities: [world]` … internet; a rule with only `toPorts` means allow from anyone.',
    },
    lintRules: [
      'cilium-entity-world',
      'cilium-ports-only-any-peer',
      'np-allow-all-sources',
    ],
    remedy:
      'Admit world only on the ingress gateway (`fromEntities: [ingress]` on the backends) and name the peers of every other allow.',
  },
  {
    id: 'PR05',
    slug: 'cross-cluster-exposure',
    title: 'Exposure to other clusters is explicit',
    statement:
      'A workload reachable from another cluster is reachable only from named peers (cluster-labelled selectors), never from any cluster at large.',
    boundary: 'workload',
    stride: ['spoofing', 'elevation-of-privilege'],
    source: {
      document: SEM,
      section: '§2.15 ClusterMesh scoping of policy; §7.3 M02',
      quote:
        'Selectors without cluster label on clusters with default-local **off** … silently match same-labelled pods in every cluster.',
    },
    lintRules: [
      'cluster-peer-matches-all-clusters',
      'cross-cluster-unauthenticated',
    ],
    remedy:
      'Name the peer cluster with `io.cilium.k8s.policy.cluster` on every cross-cluster selector and keep `policy-default-local-cluster` on.',
  },
  {
    id: 'PR06',
    slug: 'cross-cluster-encryption',
    title: 'Cross-cluster traffic encrypted',
    statement:
      'Every cluster that sends or receives cross-cluster traffic runs transparent encryption (WireGuard or IPsec) in its cilium-config.',
    boundary: 'cluster',
    stride: ['information-disclosure', 'tampering'],
    source: {
      document: SEM,
      section: '§7.4 A06; §8 item 1',
      quote:
        'flag as "unauthenticated cross-cluster path" info, recommend WireGuard/IPsec + strict encryption instead.',
    },
    lintRules: ['cross-cluster-unauthenticated'],
    remedy:
      'Enable WireGuard (`enable-wireguard: "true"`, Helm `encryption.type: wireguard`) or IPsec in every meshed cluster, with strict mode where available.',
  },
  {
    id: 'PR07',
    slug: 'cross-cluster-mutual-auth',
    title: 'Cross-cluster traffic mutually authenticated',
    statement:
      'Cross-cluster connections are mutually authenticated. Cilium mutual authentication does not work across ClusterMesh, so this is never met by Cilium; an auth-required cross-cluster rule drops the flow.',
    boundary: 'mesh',
    stride: ['spoofing', 'repudiation'],
    source: {
      document: SEM,
      section: '§2.14 authentication.mode; §8 item 1',
      quote:
        '**ClusterMesh is not compatible with mutual authentication** … `authentication.mode: required` on cross-cluster rules should be treated as "will drop", not as "secures the link".',
    },
    lintRules: [
      'cilium-auth-cross-cluster',
      'cilium-auth-agent-disabled',
      'cilium-auth-deprecated',
      'cross-cluster-unauthenticated',
    ],
    remedy:
      'Do not rely on `authentication.mode: required` across clusters (it drops); use transparent encryption plus cluster-labelled identity selectors, or a mesh with cross-cluster mTLS.',
  },
  {
    id: 'PR08',
    slug: 'spiffe-ids-issued',
    title: 'SPIFFE IDs issued to workloads',
    statement:
      'Every workload has a valid SPIFFE ID from a ClusterSPIFFEID of its cluster (spire-controller-manager).',
    boundary: 'workload',
    stride: ['spoofing', 'repudiation'],
    source: {
      document: SEM,
      section: '§5.1 SPIFFE ID rules; §5.2 ClusterSPIFFEID',
      quote:
        "The rendered ID must parse **and belong to the controller's trust domain**, else it counts as `podEntryRenderFailures`.",
    },
    lintRules: [
      'spiffe-id-template-invalid',
      'spiffe-ignored-namespace',
      'spiffe-duplicate-entry',
    ],
    remedy:
      'Add a ClusterSPIFFEID selecting the namespace, with a template that renders a valid ID in the cluster trust domain.',
  },
  {
    id: 'PR09',
    slug: 'spiffe-federation',
    title: 'Federation configured for cross-cluster peers',
    statement:
      "For every pair of clusters with connections between them, each side has a ClusterFederatedTrustDomain for the other side's trust domain and its ClusterSPIFFEIDs federate with it.",
    boundary: 'cluster',
    stride: ['spoofing'],
    source: {
      document: SEM,
      section: '§5.2 ClusterFederatedTrustDomain; §7.4 S04',
      quote:
        '`federatesWith` names a trust domain with no ClusterFederatedTrustDomain … workloads lack the foreign bundle.',
    },
    lintRules: [
      'spiffe-federates-with-unknown',
      'spiffe-bundle-endpoint-invalid',
      'spiffe-https-spiffe-without-bundle',
    ],
    remedy:
      "Declare a ClusterFederatedTrustDomain for each peer cluster's trust domain and list it in `federatesWith`.",
  },
  {
    id: 'PR10',
    slug: 'policy-enforced',
    title: 'Policy enforcement on',
    statement:
      'No cluster runs with `policy-audit-mode=true` or `enable-policy=never`.',
    boundary: 'cluster',
    stride: [
      'spoofing',
      'tampering',
      'information-disclosure',
      'elevation-of-privilege',
    ],
    source: {
      document: SEM,
      section: '§2.13 Enforcement mode; §7.2 C24',
      quote:
        '`never` (nothing enforced) … `policy-audit-mode` turns drops into audit verdicts (nothing enforced).',
    },
    lintRules: ['cilium-enforcement-disabled'],
    remedy:
      'Set `enable-policy: default` (or `always`) and `policy-audit-mode: "false"` in cilium-config.',
  },
];

/** The requirement with this id. */
export function postureRequirement(id: string): PostureRequirement | undefined {
  return POSTURE_REQUIREMENTS.find(r => r.id === id);
}
