import type { ClusterView, FlowSourceHealth } from '@ytknetwork/common';
import type { Router } from 'express';
import { requestContext, type RouterDeps } from './context';
import type { ObservedFlowRouterDeps } from './observedFlows';
import {
  countInputProblems,
  visibleInputProblems,
  type InputProblemCounts,
} from './inputProblems';

/**
 * A cluster with the counts of its input problems the caller may see (the same scoping as
 * GET /clusters/:cluster/input-problems, so the card and the table agree).
 */
export type ClusterWithProblems = ClusterView & {
  inputProblems: InputProblemCounts;
  /** Where the cluster's observed flows come from and how that source is doing (docs/observed-flows.md). */
  flows: FlowSourceHealth;
};

/** GET /clusters: every configured cluster, even one that never synced. */
export function clusterRoutes(
  router: Router,
  deps: RouterDeps & Partial<ObservedFlowRouterDeps>,
) {
  router.get('/clusters', async (req, res) => {
    const ctx = await requestContext(deps, req);
    const views: ClusterWithProblems[] = deps.config.clusters.map(cfg => {
      const state = ctx.overlay.clusters.find(c => c.name === cfg.name);
      const status = deps.overlay.status(cfg.name);
      const cilium = state?.cilium;
      return {
        name: cfg.name,
        ...(cfg.title ? { title: cfg.title } : {}),
        id: state?.id ?? 0,
        enforcer: state?.enforcer ?? 'kubernetes',
        health: {
          state: status?.state ?? 'unknown',
          ...(status?.lastSync ? { lastSync: status.lastSync } : {}),
          ...(status?.lastError ? { lastError: status.lastError } : {}),
          ...(status?.stalenessSeconds !== undefined
            ? { stalenessSeconds: status.stalenessSeconds }
            : {}),
          unavailableKinds: status?.unavailableKinds ?? [],
        },
        ...(cilium
          ? {
              cilium: {
                ...(cilium.version ? { version: cilium.version } : {}),
                clusterId: cilium.clusterId,
                policyDefaultLocalCluster: cilium.policyDefaultLocalCluster,
                meshAuthEnabled: cilium.meshAuthEnabled,
                enablePolicy: cilium.enablePolicy,
                ...(cilium.routingMode
                  ? { routingMode: cilium.routingMode }
                  : {}),
              },
            }
          : {}),
        spiffe: {
          ...(state?.spiffe.trustDomain
            ? { trustDomain: state.spiffe.trustDomain }
            : {}),
          federation: (state?.spiffe.federatedTrustDomains ?? []).map(f => ({
            trustDomain: f.object.spec.trustDomain,
            bundleEndpointURL: f.object.spec.bundleEndpointURL,
            profile: f.object.spec.bundleEndpointProfile?.type ?? '',
          })),
        },
        counts: {
          namespaces: state?.namespaces.length ?? 0,
          workloads: state?.workloads.length ?? 0,
          policies: state?.policies.length ?? 0,
        },
        inputProblems: countInputProblems(
          visibleInputProblems(ctx, cfg.name, [
            ...(deps.overlay.inputProblems(cfg.name) ?? []),
            ...(deps.flowIngestion?.inputProblems(cfg.name) ?? []),
          ]),
        ),
        flows: deps.flowIngestion?.health(cfg.name) ?? {
          state: 'none',
          source: 'none',
          flowsSeen: 0,
          droppedForBackpressure: 0,
          attempts: 0,
        },
      };
    });
    res.json(views);
  });
}
