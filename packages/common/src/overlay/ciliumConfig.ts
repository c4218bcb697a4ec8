import type { CiliumFlags } from '../model';
import { ciliumAtLeast } from './version';

const bool = (v: string | undefined, dflt: boolean): boolean => {
  if (v === undefined || v.trim() === '') return dflt;
  return /^(true|1|yes|enabled?)$/i.test(v.trim());
};

/**
 * Reads kube-system/cilium-config (§6) into the flags that change policy meaning.
 * Defaults depend on the version (§2.17): policy-default-local-cluster is false before
 * 1.19 and true from 1.19; mesh-auth-enabled is true before 1.19 and false from 1.19.
 * The version comes from `cilium-version` / `version` keys when present (ytk snapshots add it).
 */
export function parseCiliumConfig(data: Record<string, string>): CiliumFlags {
  const version = data['cilium-version'] ?? data.version ?? undefined;
  const from119 = ciliumAtLeast(version, 1, 19);
  const enablePolicyRaw = (data['enable-policy'] ?? 'default')
    .trim()
    .toLowerCase();
  const enablePolicy =
    enablePolicyRaw === 'always' || enablePolicyRaw === 'never'
      ? enablePolicyRaw
      : 'default';
  const allowLocalhostRaw = (data['allow-localhost'] ?? 'auto')
    .trim()
    .toLowerCase();
  const allowLocalhost =
    allowLocalhostRaw === 'always' || allowLocalhostRaw === 'policy'
      ? allowLocalhostRaw
      : 'auto';
  const labels = data.labels?.trim();
  const clusterId = Number.parseInt(data['cluster-id'] ?? '0', 10);
  return {
    version,
    clusterName: data['cluster-name']?.trim() || 'default',
    clusterId: Number.isFinite(clusterId) ? clusterId : 0,
    policyDefaultLocalCluster: bool(
      data['policy-default-local-cluster'],
      from119,
    ),
    enablePolicy,
    policyAuditMode: bool(data['policy-audit-mode'], false),
    hostFirewall: bool(data['enable-host-firewall'], false),
    policyCidrMatchNodes: (data['policy-cidr-match-mode'] ?? '')
      .split(/[\s,]+/)
      .includes('nodes'),
    enableL7Proxy: bool(data['enable-l7-proxy'], true),
    nonDefaultDenyPolicies: bool(
      data['enable-non-default-deny-policies'],
      true,
    ),
    allowLocalhost,
    meshAuthEnabled: bool(data['mesh-auth-enabled'], !from119),
    meshAuthMutualEnabled: bool(data['mesh-auth-mutual-enabled'], false),
    spiffeTrustDomain:
      data['mesh-auth-spiffe-trust-domain']?.trim() || 'spiffe.cilium',
    maxConnectedClusters:
      Number.parseInt(data['max-connected-clusters'] ?? '255', 10) || 255,
    routingMode: data['routing-mode'],
    identityLabelFilter: labels
      ? labels.split(/\s+/).filter(Boolean)
      : undefined,
    raw: { ...data },
  };
}
