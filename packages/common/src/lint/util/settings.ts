import type { CiliumFlags, ClusterState, Overlay } from '../../model';
import type { AnyResource, LintOptions } from '../types';
import { boolish, isObj, str } from './access';
import { atLeast } from './version';

/**
 * The Cilium agent settings lint reasons with, for the cluster the documents target.
 * Each field is `undefined` when nothing said it: rules that depend on a setting stay
 * quiet rather than guess, except where SEMANTICS gives a version default.
 */
export interface LintSettings {
  /** Local cluster name (options.cluster, overlay cluster or cilium-config `cluster-name`). */
  clusterName?: string;
  clusterId?: number;
  version?: string;
  /** Whether a version or a config told us anything at all. */
  known: boolean;
  defaultLocalCluster?: boolean;
  meshAuthEnabled?: boolean;
  meshAuthMutualEnabled?: boolean;
  enableL7Proxy?: boolean;
  hostFirewall?: boolean;
  nonDefaultDenyPolicies?: boolean;
  spiffeTrustDomain?: string;
  /** Other clusters known to be in the mesh (from the overlay). */
  meshClusters: string[];
  /** Where the settings came from, for messages. */
  source?: AnyResource;
  cluster?: ClusterState;
}

export function isCiliumConfig(r: AnyResource): boolean {
  const o = r.object as { kind?: unknown; metadata?: { name?: unknown } };
  return o.kind === 'ConfigMap' && o.metadata?.name === 'cilium-config';
}

/** Reads the keys lint needs from cilium-config data (defaults per SEMANTICS §2.13–2.15). */
export function settingsFromConfig(
  data: Record<string, unknown>,
  version: string | undefined,
): Partial<LintSettings> {
  const get = (k: string) => str(data[k]);
  const b = (k: string) => boolish(data[k]);
  const id = get('cluster-id');
  return {
    clusterName: get('cluster-name') ?? 'default',
    clusterId: id !== undefined && /^\d+$/.test(id.trim()) ? Number(id) : 0,
    defaultLocalCluster:
      b('policy-default-local-cluster') ?? atLeast(version, '1.19'),
    meshAuthEnabled: b('mesh-auth-enabled') ?? !atLeast(version, '1.19'),
    meshAuthMutualEnabled: b('mesh-auth-mutual-enabled'),
    enableL7Proxy: b('enable-l7-proxy') ?? true,
    hostFirewall: b('enable-host-firewall') ?? false,
    nonDefaultDenyPolicies: b('enable-non-default-deny-policies') ?? true,
    spiffeTrustDomain: get('mesh-auth-spiffe-trust-domain') ?? 'spiffe.cilium',
    known: true,
  };
}

function fromFlags(f: CiliumFlags): Partial<LintSettings> {
  return {
    clusterName: f.clusterName,
    clusterId: f.clusterId,
    version: f.version,
    defaultLocalCluster: f.policyDefaultLocalCluster,
    meshAuthEnabled: f.meshAuthEnabled,
    meshAuthMutualEnabled: f.meshAuthMutualEnabled,
    enableL7Proxy: f.enableL7Proxy,
    hostFirewall: f.hostFirewall,
    nonDefaultDenyPolicies: f.nonDefaultDenyPolicies,
    spiffeTrustDomain: f.spiffeTrustDomain,
    known: true,
  };
}

function pickCluster(
  overlay: Overlay | undefined,
  name: string | undefined,
): ClusterState | undefined {
  if (!overlay) return undefined;
  if (name) return overlay.clusters.find(c => c.name === name);
  return overlay.clusters.length === 1 ? overlay.clusters[0] : undefined;
}

/** Overlay cluster flags win over a cilium-config in the input, which wins over the bare version. */
export function deriveSettings(
  resources: AnyResource[],
  options: LintOptions,
): LintSettings {
  const version = options.ciliumVersion;
  let s: LintSettings = {
    version,
    known: !!version,
    meshClusters: [],
    clusterName: options.cluster,
  };
  if (version) {
    s.defaultLocalCluster = atLeast(version, '1.19');
    s.meshAuthEnabled = !atLeast(version, '1.19');
  }
  const config = resources.find(isCiliumConfig);
  const data = config && (config.object as { data?: unknown }).data;
  if (config && isObj(data)) {
    s = { ...s, ...settingsFromConfig(data, version), source: config };
  }
  const cluster = pickCluster(
    options.overlay,
    options.cluster ?? s.clusterName,
  );
  if (cluster) {
    s.cluster = cluster;
    s.clusterName = cluster.name;
    if (cluster.cilium)
      s = {
        ...s,
        ...fromFlags(cluster.cilium),
        version: cluster.cilium.version ?? version,
      };
  }
  if (options.cluster) s.clusterName = options.cluster;
  if (options.overlay) {
    s.meshClusters = options.overlay.clusters.map(c => c.name);
  }
  return s;
}
