import { computeConnectivity } from '../../connectivity';
import type {
  AuthorizationPolicy,
  ClusterState,
  DecodedResource,
  Overlay,
  PeerAuthentication,
} from '../../model';
import { allowedDeclaredPorts } from '../../verdict/connectionIstio';
import { istioPosture } from '../../verdict/istio';
import { defineRule } from '../rule';
import type { AnyResource, Hit } from '../types';
import { targetClusters } from '../util/context';
import { nameOf, namespaceOf, ofKind } from '../util/policies';

type Pa = DecodedResource<PeerAuthentication>;

const PLAINTEXT_MODES = new Set(['PERMISSIVE', 'DISABLE']);

/** Whether a PeerAuthentication can admit plaintext at all (mode or a port-level mode). */
function admitsPlaintext(r: AnyResource): boolean {
  const spec = (r.object as PeerAuthentication).spec;
  if (PLAINTEXT_MODES.has(String(spec?.mtls?.mode))) return true;
  return Object.values(spec?.portLevelMtls ?? {}).some(p =>
    PLAINTEXT_MODES.has(String(p?.mode)),
  );
}

const key = (ns: string | undefined, name: string) =>
  `${ns ?? 'default'}/${name}`;

/**
 * The cluster with the linted PeerAuthentications in place of same-named ones, as they would
 * be once applied (the editor lints a file before it reaches the cluster).
 */
function withPeerAuthentications(
  overlay: Overlay,
  cluster: ClusterState,
  linted: Pa[],
): Overlay {
  const names = new Set(
    linted.map(r => key(r.object.metadata.namespace, r.object.metadata.name)),
  );
  const istio = cluster.istio ?? {
    rootNamespace: 'istio-system',
    trustDomain: 'cluster.local',
    peerAuthentications: [],
    authorizationPolicies: [] as DecodedResource<AuthorizationPolicy>[],
  };
  const kept = istio.peerAuthentications.filter(
    r => !names.has(key(r.object.metadata.namespace, r.object.metadata.name)),
  );
  return {
    ...overlay,
    clusters: overlay.clusters.map(c =>
      c === cluster
        ? {
            ...c,
            istio: { ...istio, peerAuthentications: [...kept, ...linted] },
          }
        : c,
    ),
  };
}

interface Exposure {
  from: string;
  to: string;
  port: number;
  portLevel: boolean;
}

/** The field that set the plaintext mode of the first exposure. */
function modePath(spec: PeerAuthentication['spec'], first: Exposure) {
  if (first.portLevel)
    return ['spec', 'portLevelMtls', String(first.port), 'mode'];
  return spec?.mtls?.mode !== undefined ? ['spec', 'mtls', 'mode'] : ['spec'];
}

/** §4 and the threat model's "all inter-cluster communication authenticated with mTLS". */
export const istioPermissiveCrossCluster = defineRule(
  {
    id: 'istio-permissive-cross-cluster',
    semanticsId: '§4',
    title: 'PeerAuthentication admits plaintext on a cross-cluster path',
    severity: 'warning',
    category: 'istio',
    threat: 'interception',
    rationale:
      "A PERMISSIVE (or DISABLE) PeerAuthentication accepts plaintext as well as mTLS. Where the network policies let workloads of another cluster reach the selected workloads, that cross-cluster path can run unauthenticated and unencrypted by Istio, and principals in AuthorizationPolicies never match a plaintext caller. Set STRICT once every caller has a sidecar (or use a port-level exception for the one port that must stay plaintext), and keep transparent encryption for the ClusterMesh link. Istio defaults to PERMISSIVE when no PeerAuthentication sets a mode; ytk's posture report (PR requirements) covers that case.",
    badExample: `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: shop
spec:
  mtls:
    mode: PERMISSIVE
`,
    goodExample: `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: shop
spec:
  mtls:
    mode: STRICT
`,
    appliesTo: ['PeerAuthentication'],
    needsContext: true,
  },
  ctx => {
    const base = ctx.overlay;
    if (!base) return [];
    const linted = ofKind(ctx.resources, 'PeerAuthentication') as Pa[];
    const candidates = linted.filter(admitsPlaintext);
    if (!candidates.length) return [];
    const hits: Hit[] = [];
    for (const cluster of targetClusters(ctx)) {
      const overlay = withPeerAuthentications(base, cluster, linted);
      const namespaces = new Set(candidates.map(r => namespaceOf(r)));
      const root = cluster.istio?.rootNamespace ?? 'istio-system';
      const targets = cluster.workloads.filter(
        w => namespaces.has(root) || namespaces.has(w.namespace),
      );
      if (!targets.length) continue;
      const byRef = new Map(targets.map(w => [w.ref, w]));
      const everyone = new Map(
        overlay.clusters.flatMap(c => c.workloads.map(w => [w.ref, w])),
      );
      const exposures = new Map<string, Exposure[]>();
      const { connections } = computeConnectivity(overlay, {
        workloads: targets.map(w => w.ref),
        includeExternal: false,
      });
      for (const conn of connections) {
        if (!conn.crossCluster) continue;
        if (!('workload' in conn.to) || !('workload' in conn.from)) continue;
        const dst = byRef.get(conn.to.workload);
        const src = everyone.get(conn.from.workload);
        if (!dst || !src) continue;
        for (const port of allowedDeclaredPorts(conn, dst)) {
          const p = istioPosture(overlay, dst, port, src);
          const pa = p?.peerAuthentication;
          if (!p || !pa || (p.mtls !== 'permissive' && p.mtls !== 'disabled'))
            continue;
          const k = key(pa.namespace, pa.name);
          const list = exposures.get(k) ?? [];
          list.push({
            from: src.ref,
            to: dst.ref,
            port,
            portLevel: pa.portLevel === true,
          });
          exposures.set(k, list);
        }
      }
      for (const r of candidates) {
        const found = exposures.get(key(namespaceOf(r), nameOf(r)));
        if (!found?.length) continue;
        // Stable across connectivity's internal order: by destination, port, source.
        found.sort(
          (a, b) =>
            a.to.localeCompare(b.to) ||
            a.port - b.port ||
            a.from.localeCompare(b.from),
        );
        const first = found[0];
        const more = found.length > 1 ? ` (and ${found.length - 1} more)` : '';
        const spec = (r.object as PeerAuthentication).spec;
        hits.push({
          resource: r,
          path: modePath(spec, first),
          message: `PeerAuthentication ${key(namespaceOf(r), nameOf(r))} admits plaintext from another cluster: ${first.from} may reach ${first.to} on port ${first.port} in cluster ${cluster.name}${more}. Use STRICT for cross-cluster callers.`,
        });
      }
    }
    return hits;
  },
);
