import type {
  AuthorizationPolicy,
  PeerAuthentication,
  ClusterFederatedTrustDomain,
  ClusterSnapshot,
  ClusterSPIFFEID,
  ClusterState,
  ConfigMap,
  HostNetworkMode,
  IgnoredPolicy,
  Container,
  Controller,
  CronJob,
  DecodedResource,
  EnforcerKind,
  EnforcerSource,
  CalicoTier,
  KubeObject,
  LabelSelector,
  NamedPort,
  NamespaceInfo,
  Overlay,
  Pod,
  PodTemplateSpec,
  Policy,
  PolicyObject,
  ServiceInfo,
  Service,
  UnknownObject,
  Workload,
  WorkloadKind,
} from '../model';
import { matchLabelSelector, matchMapSelector } from '../selectors';
import { parseCiliumConfig } from './ciliumConfig';
import { workloadRef } from './workloadRef';

const CONTROLLER_KINDS = new Set([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'ReplicationController',
]);
const POLICY_KINDS = new Set([
  'NetworkPolicy',
  'CiliumNetworkPolicy',
  'CiliumClusterwideNetworkPolicy',
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
  'CalicoNetworkPolicy',
  'GlobalNetworkPolicy',
]);
/** Cluster-scoped policy kinds (no namespace in their id). */
const CLUSTER_SCOPED_POLICIES = new Set([
  'CiliumClusterwideNetworkPolicy',
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
  'GlobalNetworkPolicy',
]);
/** The enforcer each way of choosing it gives (`forced` takes ClusterSnapshot.enforcer). */
const DETECTED: Record<EnforcerSource, EnforcerKind> = {
  forced: 'kubernetes',
  'cilium-config': 'cilium',
  'calico-objects': 'calico',
  default: 'kubernetes',
};
/** Kinds whose presence (without a cilium-config) makes a cluster calico-enforced. */
const CALICO_KINDS = ['CalicoNetworkPolicy', 'GlobalNetworkPolicy', 'Tier'];
const NOT_CALICO =
  'not enforced by the {e} enforcer: Calico policy needs the calico enforcer (detected from Calico objects when there is no cilium-config, or --enforcer calico)';
/** Why a kind is not enforced by an enforcer (SEMANTICS §1.8): left out, and every result says so. */
export const NOT_ENFORCED: Partial<
  Record<EnforcerKind, Partial<Record<string, string>>>
> = {
  kubernetes: {
    CalicoNetworkPolicy: NOT_CALICO.replace('{e}', 'kubernetes'),
    GlobalNetworkPolicy: NOT_CALICO.replace('{e}', 'kubernetes'),
  },
  calico: {
    CiliumNetworkPolicy:
      'not enforced by the calico enforcer: the cluster runs Calico, not Cilium',
    CiliumClusterwideNetworkPolicy:
      'not enforced by the calico enforcer: the cluster runs Calico, not Cilium',
  },
  cilium: {
    CalicoNetworkPolicy: NOT_CALICO.replace('{e}', 'cilium'),
    GlobalNetworkPolicy: NOT_CALICO.replace('{e}', 'cilium'),
    AdminNetworkPolicy:
      'not enforced by the cilium enforcer: Cilium (≤1.19) does not implement AdminNetworkPolicy v1alpha1; 1.20 translates only ClusterNetworkPolicy v1alpha2',
    BaselineAdminNetworkPolicy:
      'not enforced by the cilium enforcer: Cilium (≤1.19) does not implement BaselineAdminNetworkPolicy v1alpha1; 1.20 translates only ClusterNetworkPolicy v1alpha2',
  },
};
const METADATA_NAME_LABEL = 'kubernetes.io/metadata.name';

type Res = DecodedResource<KubeObject | UnknownObject>;

const annotationOf = (a: Record<string, string>, ...keys: string[]) => {
  for (const k of keys) if (a[k] !== undefined) return a[k];
  return undefined;
};

function namedPorts(containers: Container[] | undefined): NamedPort[] {
  const out: NamedPort[] = [];
  for (const c of containers ?? []) {
    for (const p of c.ports ?? []) {
      // A port without a number (tolerated by ingestion) cannot be matched by any rule.
      if (typeof p.containerPort !== 'number') continue;
      out.push({
        name: p.name,
        port: p.containerPort,
        protocol: p.protocol ?? 'TCP',
      });
    }
  }
  return out;
}

/** Order-independent identity of a label set. */
function labelKey(labels: Record<string, string>): string {
  return JSON.stringify(
    Object.keys(labels)
      .sort()
      .map(k => [k, labels[k]]),
  );
}

/** Renders a ClusterSPIFFEID template for the fields ytk knows (best effort, §5.2). */
function renderSpiffeId(
  template: string,
  ctx: {
    trustDomain: string;
    cluster: string;
    namespace: string;
    sa: string;
    name: string;
  },
): string {
  return template
    .replace(/\{\{\s*\.TrustDomain\s*\}\}/g, ctx.trustDomain)
    .replace(/\{\{\s*\.ClusterName\s*\}\}/g, ctx.cluster)
    .replace(/\{\{\s*\.PodMeta\.Namespace\s*\}\}/g, ctx.namespace)
    .replace(/\{\{\s*\.PodMeta\.Name\s*\}\}/g, ctx.name)
    .replace(/\{\{\s*\.PodSpec\.ServiceAccountName\s*\}\}/g, ctx.sa);
}

function buildCluster(snap: ClusterSnapshot): ClusterState {
  const byKind = new Map<string, Res[]>();
  const unknown: DecodedResource<UnknownObject>[] = [];
  for (const r of snap.resources) {
    const kind = r.object.kind;
    if (r.unknownKind) {
      unknown.push(r as DecodedResource<UnknownObject>);
      continue;
    }
    const list = byKind.get(kind) ?? [];
    list.push(r);
    byKind.set(kind, list);
  }
  const get = <T extends KubeObject>(kind: string) =>
    (byKind.get(kind) ?? []) as DecodedResource<T>[];
  // Kinds the engine does not read are kept as unknown so they can be reported.
  const handled = new Set([
    ...CONTROLLER_KINDS,
    ...POLICY_KINDS,
    'Pod',
    'CronJob',
    'Service',
    'Namespace',
    'ConfigMap',
    'ClusterSPIFFEID',
    'ClusterFederatedTrustDomain',
    'PeerAuthentication',
    'AuthorizationPolicy',
    'Tier',
  ]);
  for (const [kind, list] of byKind) {
    if (!handled.has(kind))
      unknown.push(...(list as DecodedResource<UnknownObject>[]));
  }

  const ciliumConfig = get<ConfigMap>('ConfigMap').find(
    r =>
      r.object.metadata.name === 'cilium-config' &&
      r.object.metadata.namespace === 'kube-system',
  );
  const calicoObjects = CALICO_KINDS.some(k => (byKind.get(k) ?? []).length);
  let enforcerSource: EnforcerSource = 'default';
  if (snap.enforcer) enforcerSource = 'forced';
  else if (ciliumConfig) enforcerSource = 'cilium-config';
  else if (calicoObjects) enforcerSource = 'calico-objects';
  const enforcer: EnforcerKind = snap.enforcer ?? DETECTED[enforcerSource];
  // Cilium gives host-network pods the host identity whatever is asked, and they are no
  // Calico workload endpoints; the kubernetes enforcer follows the reference analyzer
  // (policies apply to them like to any pod).
  const hostNetworkMode: HostNetworkMode =
    enforcer === 'kubernetes' ? (snap.hostNetwork ?? 'pod') : 'node';
  const cilium =
    enforcer === 'cilium'
      ? parseCiliumConfig(
          // Without a cilium-config to read, assume the cilium cluster name is the snapshot's.
          ciliumConfig?.object.data ?? { 'cluster-name': snap.name },
        )
      : undefined;

  // Namespaces: explicit objects plus every namespace an object lives in.
  const namespaces = new Map<string, NamespaceInfo>();
  const ensureNs = (name: string) => {
    let ns = namespaces.get(name);
    if (!ns) {
      ns = {
        cluster: snap.name,
        name,
        labels: { [METADATA_NAME_LABEL]: name },
        annotations: {},
      };
      namespaces.set(name, ns);
    }
    return ns;
  };
  for (const r of get<KubeObject>('Namespace')) {
    const m = r.object.metadata;
    namespaces.set(m.name, {
      cluster: snap.name,
      name: m.name,
      labels: { ...(m.labels ?? {}), [METADATA_NAME_LABEL]: m.name },
      annotations: { ...(m.annotations ?? {}) },
      source: r.source,
    });
  }
  for (const r of snap.resources) {
    const ns = r.object.metadata?.namespace;
    if (ns) ensureNs(ns);
  }

  // Owner objects by kind/namespace/name, to climb Pod → ReplicaSet → Deployment.
  const owners = new Map<string, DecodedResource<Controller | CronJob>>();
  const ownerKey = (kind: string, ns: string, name: string) =>
    `${kind}/${ns}/${name}`;
  for (const kind of [...CONTROLLER_KINDS, 'CronJob']) {
    for (const r of get<Controller | CronJob>(kind)) {
      owners.set(
        ownerKey(
          kind,
          r.object.metadata.namespace ?? 'default',
          r.object.metadata.name,
        ),
        r,
      );
    }
  }
  const controllerOf = (meta: {
    ownerReferences?: Array<{
      kind: string;
      name: string;
      controller?: boolean;
    }>;
  }) => {
    // A reference without kind or name (tolerated by ingestion) cannot name a group.
    const refs = (meta.ownerReferences ?? []).filter(
      o => typeof o.kind === 'string' && typeof o.name === 'string',
    );
    return refs.find(o => o.controller) ?? refs[0];
  };
  /** The top-most owner that exists in the snapshot (or the first referenced owner). */
  const topOwner = (
    ns: string,
    kind: string,
    name: string,
  ): { kind: string; name: string } => {
    let cur = { kind, name };
    for (let depth = 0; depth < 5; depth++) {
      const obj = owners.get(ownerKey(cur.kind, ns, cur.name));
      if (!obj) return cur;
      const up = controllerOf(obj.object.metadata);
      if (!up || !owners.has(ownerKey(up.kind, ns, up.name))) return cur;
      cur = { kind: up.kind, name: up.name };
    }
    return cur;
  };

  interface Group {
    kind: WorkloadKind;
    name: string;
    namespace: string;
    pods: DecodedResource<Pod>[];
    template?: PodTemplateSpec;
    replicas?: number;
    annotations: Record<string, string>;
    source?: DecodedResource['source'];
  }
  const groups = new Map<string, Group>();
  const groupFor = (ns: string, kind: string, name: string) => {
    const key = ownerKey(kind, ns, name);
    let g = groups.get(key);
    if (!g) {
      const obj = owners.get(key);
      g = {
        kind: (CONTROLLER_KINDS.has(kind) || kind === 'CronJob'
          ? kind
          : 'Pod') as WorkloadKind,
        name,
        namespace: ns,
        pods: [],
        annotations: { ...(obj?.object.metadata.annotations ?? {}) },
        source: obj?.source,
      };
      if (obj) {
        if (obj.object.kind === 'CronJob') {
          g.template = (obj.object as CronJob).spec.jobTemplate?.spec?.template;
        } else {
          g.template = (obj.object as Controller).spec.template;
          g.replicas = (obj.object as Controller).spec.replicas;
        }
      }
      groups.set(key, g);
    }
    return g;
  };
  for (const r of get<Pod>('Pod')) {
    const m = r.object.metadata;
    const ns = m.namespace ?? 'default';
    const owner = controllerOf(m);
    const g =
      owner && (CONTROLLER_KINDS.has(owner.kind) || owner.kind === 'CronJob')
        ? (() => {
            const top = topOwner(ns, owner.kind, owner.name);
            return groupFor(ns, top.kind, top.name);
          })()
        : groupFor(ns, 'Pod', m.name);
    if (g.kind === 'Pod' && !g.source) g.source = r.source;
    g.pods.push(r);
  }
  // Controllers without pods, unless a present owner already stands for them.
  for (const [key, obj] of owners) {
    if (groups.has(key)) continue;
    const ns = obj.object.metadata.namespace ?? 'default';
    const up = controllerOf(obj.object.metadata);
    if (up && owners.has(ownerKey(up.kind, ns, up.name))) continue;
    groupFor(ns, obj.object.kind, obj.object.metadata.name);
  }
  // Drop groups whose owner is itself owned by an existing group (pods went to the top owner).
  const workloadOf = (
    g: Group,
    pods: DecodedResource<Pod>[],
    name: string,
  ): Workload => {
    const firstPod = pods[0]?.object;
    const spec = firstPod?.spec ?? g.template?.spec;
    const labels = {
      ...(firstPod?.metadata.labels ?? g.template?.metadata?.labels ?? {}),
    };
    const ns = ensureNs(g.namespace);
    const ips = pods.flatMap(p => {
      const st = p.object.status;
      return st?.podIPs?.map(x => x.ip) ?? (st?.podIP ? [st.podIP] : []);
    });
    // Ports of every pod (a named port declared on only some pods still resolves for the
    // workload, as it does for those pods), or of the template when no pod is known.
    const specs = pods.length ? pods.map(p => p.object.spec) : [spec];
    const seen = new Set<string>();
    const ports = specs
      .flatMap(sp => namedPorts(sp?.containers))
      .filter(p => {
        const k = `${p.name}/${p.port}/${p.protocol}`;
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
    return {
      ref: workloadRef(snap.name, g.namespace, g.kind, name),
      cluster: snap.name,
      namespace: g.namespace,
      kind: g.kind,
      name,
      labels,
      namespaceLabels: ns.labels,
      serviceAccount: spec?.serviceAccountName ?? 'default',
      ports,
      podCount: pods.length || (g.replicas ?? 1),
      hostNetwork: spec?.hostNetwork ?? false,
      ...(spec?.hostNetwork ? { hostNetworkAs: hostNetworkMode } : {}),
      ips: [...new Set(ips)],
      spiffeIds: [],
      annotations: g.annotations,
      source: g.source,
    };
  };
  const workloads: Workload[] = [];
  for (const g of groups.values()) {
    // Pods of one owner with different labels are different policy subjects (a rollout's two
    // ReplicaSets, a hand-labelled pod): like netpol-analyzer's owner "variants", each label set
    // is its own workload; the first keeps the owner's name, the others get `~2`, `~3`, …
    const variants = new Map<string, DecodedResource<Pod>[]>();
    for (const p of g.pods) {
      const key = labelKey(p.object.metadata.labels ?? {});
      variants.set(key, [...(variants.get(key) ?? []), p]);
    }
    const parts = g.pods.length ? [...variants.values()] : [[]];
    parts.forEach((pods, i) => {
      const name = i === 0 ? g.name : `${g.name}~${i + 1}`;
      workloads.push(workloadOf(g, pods, name));
    });
  }
  // Code-unit order (not localeCompare): stable across locales.
  workloads.sort((a, b) => {
    if (a.ref < b.ref) return -1;
    return a.ref > b.ref ? 1 : 0;
  });

  const services: ServiceInfo[] = get<Service>('Service').map(r => {
    const s = r.object;
    const ns = s.metadata.namespace ?? 'default';
    const a = s.metadata.annotations ?? {};
    const global =
      (annotationOf(
        a,
        'service.cilium.io/global',
        'io.cilium/global-service',
      ) ?? '') === 'true';
    const sharedRaw = annotationOf(
      a,
      'service.cilium.io/shared',
      'io.cilium/shared-service',
    );
    const selector = s.spec.selector;
    return {
      cluster: snap.name,
      namespace: ns,
      name: s.metadata.name,
      selector,
      ports: (s.spec.ports ?? []).map(p => ({
        name: p.name,
        port: p.port,
        targetPort: p.targetPort,
        protocol: p.protocol ?? 'TCP',
      })),
      global,
      // shared defaults to true when global and is ignored otherwise (§2.15)
      shared: global && sharedRaw !== 'false',
      affinity: global
        ? annotationOf(
            a,
            'service.cilium.io/affinity',
            'io.cilium/service-affinity',
          )
        : undefined,
      workloads:
        selector && Object.keys(selector).length > 0
          ? workloads
              .filter(
                w => w.namespace === ns && matchMapSelector(selector, w.labels),
              )
              .map(w => w.ref)
          : [],
      annotations: { ...a },
      source: r.source,
    };
  });

  const policies: Policy[] = [];
  const ignoredPolicies: IgnoredPolicy[] = [];
  for (const kind of POLICY_KINDS) {
    for (const r of get<PolicyObject>(kind)) {
      const o = r.object;
      const ns = CLUSTER_SCOPED_POLICIES.has(kind)
        ? undefined
        : (o.metadata.namespace ?? 'default');
      const notEnforced = NOT_ENFORCED[enforcer]?.[kind];
      if (r.ignored === undefined && notEnforced !== undefined) {
        ignoredPolicies.push({
          id: `${snap.name}/${ns ?? '_'}/${kind}/${o.metadata.name}`,
          cluster: snap.name,
          ...(ns ? { namespace: ns } : {}),
          kind: o.kind,
          name: o.metadata.name,
          reason: notEnforced,
          cause: 'not-enforced',
          source: r.source,
        });
        continue;
      }
      if (r.ignored !== undefined) {
        ignoredPolicies.push({
          id: `${snap.name}/${ns ?? '_'}/${kind}/${o.metadata.name}`,
          cluster: snap.name,
          namespace: ns,
          kind: o.kind,
          name: o.metadata.name,
          reason: r.ignored,
          source: r.source,
        });
        continue;
      }
      policies.push({
        id: `${snap.name}/${ns ?? '_'}/${kind}/${o.metadata.name}`,
        cluster: snap.name,
        namespace: ns,
        kind: o.kind,
        name: o.metadata.name,
        object: o,
        source: r.source,
        document: r.document,
      });
    }
  }

  const clusterSpiffeIds = get<ClusterSPIFFEID>('ClusterSPIFFEID');
  const trustDomain = cilium?.spiffeTrustDomain;
  if (trustDomain) {
    for (const w of workloads) {
      for (const c of clusterSpiffeIds) {
        const sp = c.object.spec;
        const podOk =
          !sp.podSelector ||
          matchLabelSelector(sp.podSelector as LabelSelector, w.labels);
        const nsOk =
          !sp.namespaceSelector ||
          matchLabelSelector(sp.namespaceSelector, w.namespaceLabels);
        if (podOk && nsOk && sp.spiffeIDTemplate) {
          w.spiffeIds.push(
            renderSpiffeId(sp.spiffeIDTemplate, {
              trustDomain,
              cluster: snap.name,
              namespace: w.namespace,
              sa: w.serviceAccount,
              name: w.name,
            }),
          );
        }
      }
    }
  }

  const peerAuthentications = get<PeerAuthentication>('PeerAuthentication');
  const authorizationPolicies = get<AuthorizationPolicy>('AuthorizationPolicy');
  const istio =
    peerAuthentications.length || authorizationPolicies.length
      ? {
          ...istioMeshConfig(get<ConfigMap>('ConfigMap')),
          peerAuthentications,
          authorizationPolicies,
        }
      : undefined;

  return {
    name: snap.name,
    title: snap.title,
    id: cilium?.clusterId ?? 0,
    enforcer,
    enforcerSource,
    hostNetwork: hostNetworkMode,
    cilium,
    health: snap.health ?? { state: 'unknown' },
    namespaces: [...namespaces.values()].sort((a, b) =>
      a.name < b.name ? -1 : 1,
    ),
    workloads,
    services,
    policies,
    ...(ignoredPolicies.length ? { ignoredPolicies } : {}),
    ...(enforcer === 'calico'
      ? { calico: { tiers: get<CalicoTier>('Tier') } }
      : {}),
    spiffe: {
      clusterSpiffeIds,
      federatedTrustDomains: get<ClusterFederatedTrustDomain>(
        'ClusterFederatedTrustDomain',
      ),
      trustDomain,
    },
    ...(istio ? { istio } : {}),
    unknown,
  };
}

/**
 * `rootNamespace` and `trustDomain` of the mesh config (`mesh` key of ConfigMap `istio` in
 * istio-system, or `istio-<revision>`); Istio's defaults otherwise.
 */
function istioMeshConfig(configMaps: DecodedResource<ConfigMap>[]): {
  rootNamespace: string;
  trustDomain: string;
} {
  const cm = configMaps.find(
    r =>
      r.object.metadata.namespace === 'istio-system' &&
      /^istio(-.+)?$/.test(r.object.metadata.name) &&
      typeof r.object.data?.mesh === 'string',
  );
  const mesh = cm?.object.data?.mesh ?? '';
  const key = (k: string) =>
    new RegExp(`^${k}:\\s*["']?([^"'\\s#]+)`, 'm').exec(mesh)?.[1];
  return {
    rootNamespace: key('rootNamespace') ?? 'istio-system',
    trustDomain: key('trustDomain') ?? 'cluster.local',
  };
}

/** Builds the immutable multi-cluster Overlay from one snapshot per cluster. */
export function buildOverlay(
  snapshots: ClusterSnapshot[],
  options: { version?: number } = {},
): Overlay {
  return {
    version: options.version ?? 1,
    clusters: snapshots.map(buildCluster),
  };
}
