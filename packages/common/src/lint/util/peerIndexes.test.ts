/*
 * The lint's peer indexes (peerWorkloads in context.ts, PeerViewIndex) against a scan of every
 * workload, on random two-cluster overlays: what they find must be exactly what the scan finds,
 * in the same order.
 */
import fc from 'fast-check';
import { isNodeTraffic } from '../../model/overlay';
import type { ClusterState, LabelSelector, Overlay } from '../../model';
import {
  compileOverlay,
  peerMatches,
  viewWorkload,
  type PeerView,
} from '../../policy';
import {
  matchEndpointSelector,
  matchLabelSelector,
  podIdentityLabels,
  rewritePeerSelector,
} from '../../selectors';
import { testOverlay } from '../../testing/overlayBuilder';
import { clusterArb } from '../../testing/__testUtils__/randomOverlays';
import type { Workload } from '../../model';
import { peerWorkloads } from './context';
import { withLintMemo } from './memo';
import { PeerViewIndex } from './peerViewIndex';
import { isObj } from './access';
import { namespaceOf } from './policies';
import { policySelectors, type SelectorRef } from './selectors';

const runs = { numRuns: Number(process.env.YTK_FUZZ_RUNS ?? 300) };
const sel = (v: unknown): LabelSelector =>
  isObj(v) ? (v as LabelSelector) : {};

/** peerWorkloads as it was before its index: every workload of the overlay checked. */
function scanPeerWorkloads(
  ref: SelectorRef,
  local: ClusterState,
  overlay: Overlay,
): Workload[] {
  const ns = namespaceOf(ref.resource);
  const defaultLocal = local.cilium?.policyDefaultLocalCluster ?? true;
  const clusterName = defaultLocal ? local.name : undefined;
  const all = overlay.clusters.flatMap(c => c.workloads.map(w => ({ w, c })));
  if (ref.policyKind === 'NetworkPolicy') {
    let node: unknown = ref.resource.object;
    for (const p of ref.path.slice(0, -1))
      node = isObj(node) || Array.isArray(node) ? (node as any)[p] : undefined;
    const pod = isObj(node) ? node.podSelector : undefined;
    const nsSel = isObj(node) ? node.namespaceSelector : undefined;
    return all
      .filter(({ w }) =>
        local.enforcer === 'cilium'
          ? !clusterName || w.cluster === clusterName
          : w.cluster === local.name,
      )
      .filter(({ w }) =>
        nsSel === undefined
          ? w.namespace === ns
          : matchLabelSelector(sel(nsSel), w.namespaceLabels),
      )
      .filter(
        ({ w }) => pod === undefined || matchLabelSelector(sel(pod), w.labels),
      )
      .map(({ w }) => w);
  }
  const compiled = rewritePeerSelector(
    sel(ref.selector),
    ref.policyKind === 'CiliumClusterwideNetworkPolicy' ? undefined : ns,
    clusterName,
  );
  return all
    .filter(
      ({ w, c }) =>
        !isNodeTraffic(w) &&
        matchEndpointSelector(
          compiled,
          podIdentityLabels({
            cluster: w.cluster,
            namespace: w.namespace,
            podLabels: w.labels,
            namespaceLabels: w.namespaceLabels,
            serviceAccount: w.serviceAccount,
            filter: c.cilium?.identityLabelFilter,
          }),
        ),
    )
    .map(({ w }) => w);
}

const refs = (w: Workload[]) => w.map(x => x.ref);

describe('peerWorkloads', () => {
  it('finds what a scan of every workload finds, for every peer selector and cluster', () => {
    let compared = 0;
    fc.assert(
      fc.property(clusterArb('c1'), clusterArb('c2'), (c1, c2) => {
        const overlay = testOverlay([c1, c2]);
        const resources = overlay.clusters.flatMap(c =>
          c.policies.map(p => ({ object: p.object as never })),
        );
        const selectors = policySelectors(resources).filter(
          s => s.role === 'peer' || s.role === 'namespace',
        );
        withLintMemo(() => {
          for (const s of selectors)
            for (const local of overlay.clusters) {
              // Default-local off as clusterPeerLocalOnly asks it.
              const anyCluster = local.cilium
                ? {
                    ...local,
                    cilium: {
                      ...local.cilium,
                      policyDefaultLocalCluster: false,
                    },
                  }
                : local;
              for (const l of [local, anyCluster]) {
                expect(refs(peerWorkloads(s, l, overlay))).toEqual(
                  refs(scanPeerWorkloads(s, l, overlay)),
                );
                compared++;
              }
            }
        });
      }),
      runs,
    );
    expect(compared).toBeGreaterThan(100);
  });
});

describe('PeerViewIndex', () => {
  it('finds the workloads some peer of the rules matches, as a scan does', () => {
    let compared = 0;
    fc.assert(
      fc.property(clusterArb('c1'), clusterArb('c2'), (c1, c2) => {
        const overlay = testOverlay([c1, c2]);
        const co = compileOverlay(overlay);
        const everyone = overlay.clusters.flatMap(c => c.workloads);
        for (const cc of co.clusters.values()) {
          const views = new Map<Workload, PeerView>();
          const viewOf = (w: Workload) => {
            let v = views.get(w);
            if (!v)
              views.set(
                w,
                (v = viewWorkload(co.workloads.get(w.ref)!, cc.ctx)),
              );
            return v;
          };
          const index = new PeerViewIndex(everyone, viewOf, cc.ctx);
          // Each rule alone, and each two neighbours together (a candidate's compiled rules).
          const groups = cc.rules.flatMap((r, i) =>
            i > 0 ? [[r], [cc.rules[i - 1], r]] : [[r]],
          );
          for (const rules of groups) {
            const scan = everyone.filter(o =>
              rules.some(r =>
                r.peers.some(p => peerMatches(p, viewOf(o), cc.ctx)),
              ),
            );
            expect(refs(index.matching(rules))).toEqual(refs(scan));
            compared++;
          }
        }
      }),
      runs,
    );
    expect(compared).toBeGreaterThan(100);
  });
});
