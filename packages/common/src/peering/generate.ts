import { stringify } from 'yaml';
import type {
  CiliumNetworkPolicy,
  LabelSelector,
  NetworkPolicy,
  ObjectMeta,
} from '../model/kube';
import type { ClusterState, Overlay, Policy, Workload } from '../model/overlay';
import { findWorkload } from '../overlay';
import { CLUSTER_LABEL, identityLabelFilter } from '../selectors';
import { explainFlow } from '../verdict';
import {
  PEERING_MANAGED_BY,
  PEERING_REQUEST_LABEL,
  type GeneratedPeering,
  type GeneratedPolicy,
  type ResolvedPeeringRequest,
} from './types';
import { verifyPeering } from './verify';

/** Why a request cannot be turned into policies. */
export class PeeringGenerationError extends Error {
  readonly name = 'PeeringGenerationError';
  constructor(
    readonly code:
      'already-allowed' | 'not-expressible' | 'verification-failed',
    message: string,
  ) {
    super(message);
  }
}

function clusterOf(overlay: Overlay, name: string): ClusterState {
  const c = overlay.clusters.find(x => x.name === name);
  if (!c)
    throw new PeeringGenerationError(
      'not-expressible',
      `unknown cluster "${name}"`,
    );
  return c;
}

/** The workload's labels a selector can rely on: Cilium drops non-identity labels (SEMANTICS §2.2). */
function identityLabels(
  w: Workload,
  cluster: ClusterState,
): Record<string, string> {
  const filter =
    cluster.enforcer === 'cilium'
      ? identityLabelFilter(cluster.cilium?.identityLabelFilter)
      : undefined;
  return Object.fromEntries(
    Object.entries(w.labels)
      .filter(([k]) => !filter || filter.keep(k))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

/**
 * A selector for exactly this workload within its namespace: its identity labels, plus
 * `DoesNotExist` on a distinguishing key of every sibling whose labels are a superset
 * (e.g. a canary `app=api,v=2` beside `app=api`), which the labels alone would also select.
 */
function selectorFor(
  w: Workload,
  cluster: ClusterState,
  home: ClusterState = cluster,
): LabelSelector {
  const labels = identityLabels(w, cluster);
  if (Object.keys(labels).length === 0)
    throw new PeeringGenerationError(
      'not-expressible',
      `${w.ref} has no identity-relevant pod labels, so no policy can select it alone`,
    );
  const excluded = new Set<string>();
  for (const o of home.workloads) {
    if (
      o.ref === w.ref ||
      o.cluster !== w.cluster ||
      o.namespace !== w.namespace
    )
      continue;
    const other = identityLabels(o, cluster);
    if (!Object.entries(labels).every(([k, v]) => other[k] === v)) continue;
    const extra = Object.keys(other)
      .filter(k => !(k in labels))
      .sort();
    if (extra.length === 0)
      throw new PeeringGenerationError(
        'not-expressible',
        `${w.ref} and ${o.ref} carry the same identity labels, so no policy can select one without the other`,
      );
    if (!extra.some(k => excluded.has(k))) excluded.add(extra[0]);
  }
  return excluded.size
    ? {
        matchLabels: labels,
        matchExpressions: [...excluded]
          .sort()
          .map(key => ({ key, operator: 'DoesNotExist' as const })),
      }
    : { matchLabels: labels };
}

function dnsName(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 200);
}

function meta(
  requestId: string,
  name: string,
  namespace: string,
  request: ResolvedPeeringRequest,
): ObjectMeta {
  return {
    name: dnsName(`ytk-peering-${requestId}-${name}`),
    namespace,
    labels: {
      'app.kubernetes.io/managed-by': PEERING_MANAGED_BY,
      [PEERING_REQUEST_LABEL]: dnsName(requestId),
    },
    annotations: {
      'ytk.io/reason': request.reason,
      ...(request.expiresAt ? { 'ytk.io/expires-at': request.expiresAt } : {}),
    },
  };
}

/** A Cilium peer selector pinned to one workload in one namespace of one cluster (least privilege under any default-local setting). */
function ciliumPeer(
  w: Workload,
  cluster: ClusterState,
  home: ClusterState,
): LabelSelector {
  const own = selectorFor(w, cluster, home);
  return {
    ...own,
    matchLabels: {
      ...own.matchLabels,
      'k8s:io.kubernetes.pod.namespace': w.namespace,
      [CLUSTER_LABEL]: w.cluster,
    },
  };
}

function ciliumPorts(request: ResolvedPeeringRequest) {
  return [
    {
      ports: request.ports.map(p => ({
        port: String(p.port),
        protocol: p.protocol,
        ...(p.endPort !== undefined && p.endPort !== p.port
          ? { endPort: p.endPort }
          : {}),
      })),
    },
  ];
}

function npPorts(request: ResolvedPeeringRequest) {
  return request.ports.map(p => ({
    protocol: p.protocol,
    port: p.port,
    ...(p.endPort !== undefined && p.endPort !== p.port
      ? { endPort: p.endPort }
      : {}),
  }));
}

function npPeer(w: Workload, cluster: ClusterState) {
  return {
    namespaceSelector: {
      matchLabels: { 'kubernetes.io/metadata.name': w.namespace },
    },
    podSelector: selectorFor(w, cluster),
  };
}

function egressPolicy(
  requestId: string,
  request: ResolvedPeeringRequest,
  source: Workload,
  targets: Workload[],
  cluster: ClusterState,
  homeOf: (w: Workload) => ClusterState,
): GeneratedPolicy {
  const description = `ytk peering ${requestId}: ${source.ref} may call ${targets.map(t => t.ref).join(', ')}`;
  if (cluster.enforcer === 'cilium') {
    const object: CiliumNetworkPolicy = {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: meta(
        requestId,
        `egress-${source.name}`,
        source.namespace,
        request,
      ),
      spec: {
        description,
        endpointSelector: selectorFor(source, cluster),
        egress: targets.map(t => ({
          toEndpoints: [ciliumPeer(t, cluster, homeOf(t))],
          toPorts: ciliumPorts(request),
        })),
      },
    };
    return {
      cluster: cluster.name,
      namespace: source.namespace,
      side: 'egress',
      object,
    };
  }
  const object: NetworkPolicy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(
      requestId,
      `egress-${source.name}`,
      source.namespace,
      request,
    ),
    spec: {
      podSelector: selectorFor(source, cluster),
      policyTypes: ['Egress'],
      egress: [
        { to: targets.map(t => npPeer(t, cluster)), ports: npPorts(request) },
      ],
    },
  };
  return {
    cluster: cluster.name,
    namespace: source.namespace,
    side: 'egress',
    object,
  };
}

function ingressPolicy(
  requestId: string,
  request: ResolvedPeeringRequest,
  source: Workload,
  target: Workload,
  cluster: ClusterState,
  home: ClusterState,
): GeneratedPolicy {
  const description = `ytk peering ${requestId}: ${target.ref} accepts ${source.ref}`;
  if (cluster.enforcer === 'cilium') {
    const object: CiliumNetworkPolicy = {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: meta(
        requestId,
        `ingress-${target.name}`,
        target.namespace,
        request,
      ),
      spec: {
        description,
        endpointSelector: selectorFor(target, cluster),
        ingress: [
          {
            fromEndpoints: [ciliumPeer(source, cluster, home)],
            toPorts: ciliumPorts(request),
          },
        ],
      },
    };
    return {
      cluster: cluster.name,
      namespace: target.namespace,
      side: 'ingress',
      object,
    };
  }
  const object: NetworkPolicy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(
      requestId,
      `ingress-${target.name}`,
      target.namespace,
      request,
    ),
    spec: {
      podSelector: selectorFor(target, cluster),
      policyTypes: ['Ingress'],
      ingress: [{ from: [npPeer(source, cluster)], ports: npPorts(request) }],
    },
  };
  return {
    cluster: cluster.name,
    namespace: target.namespace,
    side: 'ingress',
    object,
  };
}

/** The overlay as it would be with the generated policies applied. */
export function withGeneratedPolicies(
  overlay: Overlay,
  policies: GeneratedPolicy[],
): Overlay {
  return {
    version: overlay.version + 1,
    clusters: overlay.clusters.map(c => {
      const added: Policy[] = policies
        .filter(p => p.cluster === c.name)
        .map(p => ({
          id: `${c.name}/${p.namespace}/${p.object.kind}/${p.object.metadata.name}`,
          cluster: c.name,
          namespace: p.namespace,
          kind: p.object.kind,
          name: p.object.metadata.name,
          object: p.object,
        }));
      return added.length ? { ...c, policies: [...c.policies, ...added] } : c;
    }),
  };
}

export function renderPeeringYaml(policies: GeneratedPolicy[]): string {
  return policies
    .map(
      p =>
        `# cluster: ${p.cluster} (${p.side})\n${stringify(p.object, { lineWidth: 0 })}`,
    )
    .join('---\n');
}

/**
 * The smallest set of policies that opens exactly the requested flows: an allow on each side that
 * currently isolates the flow (a side that is not isolated already allows it, and a new policy there
 * would isolate it and cut other flows). Peers are pinned to namespace and cluster; no mutual auth,
 * which Cilium cannot do across ClusterMesh. Verified against the overlay before it is returned.
 */
export function generatePeeringPolicies(
  request: ResolvedPeeringRequest,
  overlay: Overlay,
  options: { requestId: string },
): GeneratedPeering {
  const source = findWorkload(overlay, request.from);
  if (!source)
    throw new PeeringGenerationError(
      'not-expressible',
      `unknown workload "${request.from}"`,
    );
  const targets = request.targets.map(ref => {
    const w = findWorkload(overlay, ref);
    if (!w)
      throw new PeeringGenerationError(
        'not-expressible',
        `unknown workload "${ref}"`,
      );
    return w;
  });
  const sourceCluster = clusterOf(overlay, source.cluster);
  for (const t of targets) {
    const tc = clusterOf(overlay, t.cluster);
    if (
      t.cluster !== source.cluster &&
      (tc.enforcer !== 'cilium' || sourceCluster.enforcer !== 'cilium')
    )
      throw new PeeringGenerationError(
        'not-expressible',
        `${source.ref} and ${t.ref} are in different clusters, and only Cilium ClusterMesh can select a peer in another cluster`,
      );
  }

  const probe = request.ports[0];
  const isolated = (t: Workload) => {
    const v = explainFlow(overlay, {
      from: { workload: source.ref },
      to: { workload: t.ref },
      port: probe.port,
      protocol: probe.protocol,
    });
    return {
      egress: v.egress.outcome !== 'not-isolated',
      ingress: v.ingress.outcome !== 'not-isolated',
    };
  };
  const sides = targets.map(t => ({ t, ...isolated(t) }));
  const policies: GeneratedPolicy[] = [];
  const egressTargets = sides.filter(s => s.egress).map(s => s.t);
  if (egressTargets.length)
    policies.push(
      egressPolicy(
        options.requestId,
        request,
        source,
        egressTargets,
        sourceCluster,
        t => clusterOf(overlay, t.cluster),
      ),
    );
  for (const s of sides.filter(x => x.ingress))
    policies.push(
      ingressPolicy(
        options.requestId,
        request,
        source,
        s.t,
        clusterOf(overlay, s.t.cluster),
        sourceCluster,
      ),
    );

  const verification = verifyPeering(
    request,
    overlay,
    withGeneratedPolicies(overlay, policies),
  );
  if (verification.alreadyAllowed)
    throw new PeeringGenerationError(
      'already-allowed',
      `${source.ref} can already reach the requested ports`,
    );
  if (!verification.ok)
    throw new PeeringGenerationError(
      'verification-failed',
      verification.problems.join('; '),
    );
  return {
    policies,
    yaml: renderPeeringYaml(policies),
    diff: verification.diff,
  };
}
