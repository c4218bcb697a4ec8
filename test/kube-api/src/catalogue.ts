/** One served resource type, as discovery describes it. */
export interface ResourceDef {
  /** '' for the core group. */
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
}

export const ALL_VERBS = [
  'create',
  'delete',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

const def = (
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  shortNames?: string[],
): ResourceDef => ({
  group,
  version,
  kind,
  plural,
  singular: kind.toLowerCase(),
  namespaced,
  shortNames,
});

/** What ytk reads or writes; Cilium, SPIRE and Istio are CRDs in a real cluster, Calico's v3 an aggregated API. */
export const DEFAULT_RESOURCES: ResourceDef[] = [
  def('', 'v1', 'Namespace', 'namespaces', false, ['ns']),
  def('', 'v1', 'Pod', 'pods', true, ['po']),
  def('', 'v1', 'Service', 'services', true, ['svc']),
  def('', 'v1', 'ConfigMap', 'configmaps', true, ['cm']),
  def('', 'v1', 'Secret', 'secrets', true),
  def('', 'v1', 'ServiceAccount', 'serviceaccounts', true, ['sa']),
  def('apps', 'v1', 'Deployment', 'deployments', true, ['deploy']),
  def('apps', 'v1', 'ReplicaSet', 'replicasets', true, ['rs']),
  def('apps', 'v1', 'StatefulSet', 'statefulsets', true, ['sts']),
  def('apps', 'v1', 'DaemonSet', 'daemonsets', true, ['ds']),
  def('batch', 'v1', 'Job', 'jobs', true),
  def('batch', 'v1', 'CronJob', 'cronjobs', true, ['cj']),
  def('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, [
    'netpol',
  ]),
  def('cilium.io', 'v2', 'CiliumNetworkPolicy', 'ciliumnetworkpolicies', true, [
    'cnp',
  ]),
  def(
    'cilium.io',
    'v2',
    'CiliumClusterwideNetworkPolicy',
    'ciliumclusterwidenetworkpolicies',
    false,
    ['ccnp'],
  ),
  // sig-network's network-policy-api CRDs (cluster-scoped).
  def(
    'policy.networking.k8s.io',
    'v1alpha1',
    'AdminNetworkPolicy',
    'adminnetworkpolicies',
    false,
    ['anp'],
  ),
  def(
    'policy.networking.k8s.io',
    'v1alpha1',
    'BaselineAdminNetworkPolicy',
    'baselineadminnetworkpolicies',
    false,
    ['banp'],
  ),
  def(
    'spire.spiffe.io',
    'v1alpha1',
    'ClusterSPIFFEID',
    'clusterspiffeids',
    false,
  ),
  def(
    'spire.spiffe.io',
    'v1alpha1',
    'ClusterFederatedTrustDomain',
    'clusterfederatedtrustdomains',
    false,
  ), // Istio's security CRDs (namespaced).
  def(
    'security.istio.io',
    'v1',
    'PeerAuthentication',
    'peerauthentications',
    true,
    ['pa'],
  ),
  def(
    'security.istio.io',
    'v1',
    'AuthorizationPolicy',
    'authorizationpolicies',
    true,
    ['ap'],
  ),
  // Calico's API server (an aggregated API, not CRDs, in a real cluster).
  def('projectcalico.org', 'v3', 'NetworkPolicy', 'networkpolicies', true),
  def(
    'projectcalico.org',
    'v3',
    'GlobalNetworkPolicy',
    'globalnetworkpolicies',
    false,
    ['gnp'],
  ),
  def('projectcalico.org', 'v3', 'Tier', 'tiers', false),
];

export const apiVersionOf = (r: { group: string; version: string }) =>
  r.group ? `${r.group}/${r.version}` : r.version;

/**
 * The resource types the server knows, and which of them are served. A removed
 * type keeps its stored objects but answers 404, like a deleted CRD.
 */
export class Catalogue {
  private readonly defs: ResourceDef[];
  private readonly removed = new Set<string>();
  private readonly listeners: Array<(r: ResourceDef) => void> = [];

  constructor(defs: ResourceDef[] = DEFAULT_RESOURCES) {
    this.defs = defs.map(d => ({ ...d }));
  }

  private static key(r: ResourceDef) {
    return `${r.group}/${r.plural}`;
  }

  /** Adds a resource type (e.g. another CRD). */
  add(r: ResourceDef) {
    if (!this.findAny(apiVersionOf(r), r.kind)) this.defs.push({ ...r });
    this.removed.delete(Catalogue.key(r));
  }

  /**
   * Stops serving a group (`'cilium.io'`), or one type in it
   * (`'cilium.io', 'ciliumclusterwidenetworkpolicies'`). Use `''` for core.
   */
  remove(group: string, plural?: string) {
    const hit = this.defs.filter(
      d => d.group === group && (plural === undefined || d.plural === plural),
    );
    if (hit.length === 0) {
      throw new Error(`no resource ${group}/${plural ?? '*'} in the catalogue`);
    }
    for (const d of hit) {
      this.removed.add(Catalogue.key(d));
      this.listeners.forEach(l => l(d));
    }
  }

  /** Serves a removed group or type again. */
  restore(group: string, plural?: string) {
    for (const d of this.defs) {
      if (d.group === group && (plural === undefined || d.plural === plural)) {
        this.removed.delete(Catalogue.key(d));
      }
    }
  }

  /** Called when a type stops being served (open watches on it end). */
  onRemove(listener: (r: ResourceDef) => void) {
    this.listeners.push(listener);
  }

  isServed(r: ResourceDef) {
    return !this.removed.has(Catalogue.key(r));
  }

  served(): ResourceDef[] {
    return this.defs.filter(d => this.isServed(d));
  }

  /** Looks a type up whether served or not (the store keeps removed types). */
  findAny(apiVersion: string, kind: string): ResourceDef | undefined {
    return this.defs.find(
      d => apiVersionOf(d) === apiVersion && d.kind === kind,
    );
  }

  /** The served type at `/apis/<group>/<version>/<plural>`. */
  byPath(group: string, version: string, plural: string) {
    return this.served().find(
      d => d.group === group && d.version === version && d.plural === plural,
    );
  }
}
