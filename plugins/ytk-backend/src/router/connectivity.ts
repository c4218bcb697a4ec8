import type { ConnectivityGraph, WorkloadRef } from '@ytknetwork/common';
import type { Router } from 'express';
import { z } from 'zod';
import { aggregatedGraph } from './aggregation';
import {
  parseInput,
  requestContext,
  type RequestContext,
  type RouterDeps,
} from './context';
import { neighbourhood, viewOf } from './graph';
import { sendSerialized, serializedBody } from './serializedBodies';

const NAMESPACE_KEY = /^[^/,\s]+\/[^/,\s]+$/;

const query = z
  .object({
    team: z.string().min(1).optional(),
    cluster: z.string().min(1).optional(),
    namespace: z.string().min(1).optional(),
    aggregate: z.enum(['none', 'auto', 'namespace']).optional(),
    // `<cluster>/<namespace>`, repeated or comma-separated.
    expand: z
      .union([z.string(), z.array(z.string())])
      .transform(v => (Array.isArray(v) ? v : [v]).flatMap(x => x.split(',')))
      .pipe(
        z.array(
          z.string().regex(NAMESPACE_KEY, 'expected <cluster>/<namespace>'),
        ),
      )
      .optional(),
  })
  .strict();

/**
 * GET /connectivity?team&cluster&namespace&aggregate&expand: the graph around a team's
 * workloads (default: the caller's teams), narrowed to a cluster and namespace. With
 * `aggregate=auto` a large graph comes with namespaces collapsed (`aggregation`).
 */
export function connectivityRoutes(router: Router, deps: RouterDeps) {
  router.get('/connectivity', async (req, res) => {
    const q = parseInput(query, req.query, 'query parameter');
    const ctx = await requestContext(deps, req);
    let teams = ctx.claims.filter(c => c.startsWith('group:'));
    if (q.team) {
      const team = await deps.teams.team(q.team);
      teams = team ? [team.ref] : [];
    }
    const refs: WorkloadRef[] = await deps.teams.workloadsOf(
      ctx.overlay,
      teams,
    );
    // The same answer for every caller with these claims and this query, per owner map (one
    // overlay version and catalog read): built and serialized once. The claims decide which
    // nodes are shown in full (viewOf).
    const key = JSON.stringify([
      'connectivity',
      ctx.claims,
      teams,
      q.team ?? '',
      q.cluster ?? '',
      q.namespace ?? '',
      q.aggregate ?? 'none',
      [...(q.expand ?? [])].sort(),
    ]);
    sendSerialized(
      res,
      serializedBody(ctx.owners, key, () => graphOf(deps, ctx, q, teams, refs)),
    );
  });
}

/** The graph a query asks for, around the teams' workloads `refs`. */
function graphOf(
  deps: RouterDeps,
  ctx: RequestContext,
  q: z.infer<typeof query>,
  teams: string[],
  refs: WorkloadRef[],
): ConnectivityGraph {
  const scope = new Set(
    refs.filter(r => {
      const [cluster, namespace] = r.split('/');
      return (
        (!q.cluster || q.cluster === cluster) &&
        (!q.namespace || q.namespace === namespace)
      );
    }),
  );
  const mode = q.aggregate ?? 'none';
  if (mode !== 'none') {
    const expanded = new Set(q.expand ?? []);
    const aggregated = aggregatedGraph(deps, ctx, scope, {
      mode,
      expanded,
      key: JSON.stringify([
        teams,
        q.cluster ?? '',
        q.namespace ?? '',
        [...expanded].sort(),
      ]),
    });
    if (aggregated)
      return {
        overlayVersion: ctx.overlay.version,
        nodes: aggregated.nodes.map(r => viewOf(ctx, r)),
        connections: [],
        aggregation: {
          ...aggregated.aggregation,
          scope: {
            ...(q.team ? { team: q.team } : {}),
            ...(q.cluster ? { cluster: q.cluster } : {}),
            ...(q.namespace ? { namespace: q.namespace } : {}),
          },
        },
      };
  }
  const { nodes, connections } = neighbourhood(deps, ctx, scope);
  return { overlayVersion: ctx.overlay.version, nodes, connections };
}
