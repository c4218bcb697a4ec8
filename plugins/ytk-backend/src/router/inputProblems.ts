import { NotFoundError } from '@backstage/errors';
import type { Router } from 'express';
import { z } from 'zod';
import type { InputProblem } from '../sources/inputProblems';
import {
  parseInput,
  requestContext,
  type RequestContext,
  type RouterDeps,
} from './context';
import type { ObservedFlowRouterDeps } from './observedFlows';

/** Enough for a page; the rest is counted in `total`. */
export const MAX_INPUT_PROBLEMS = 500;

const query = z
  .object({ severity: z.enum(['error', 'warning', 'info']).optional() })
  .strict();

const severityRank = { error: 0, warning: 1, info: 2 } as const;

/** Sort key of where a problem is: its file, or (no file: an API object) the object. */
const where = (p: InputProblem) =>
  p.file ??
  `${p.object?.kind ?? ''}/${p.object?.namespace ?? ''}/${p.object?.name ?? ''}`;

export interface InputProblemCounts {
  errors: number;
  warnings: number;
  infos: number;
}

/**
 * The problems of a cluster the caller may see. One inside an object in a namespace tells
 * that namespace's content, so it is for the teams with a workload there (or a reader of
 * every policy); a file-level or cluster-scoped one is for every overlay reader, as /clusters.
 */
export function visibleInputProblems(
  ctx: RequestContext,
  cluster: string,
  problems: InputProblem[],
): InputProblem[] {
  if (ctx.readsEveryPolicy) return problems;
  const namespaces = new Set<string>();
  for (const w of ctx.overlay.clusters.find(c => c.name === cluster)
    ?.workloads ?? [])
    if (ctx.mine.has(w.ref)) namespaces.add(w.namespace);
  return problems.filter(
    p => !p.object?.namespace || namespaces.has(p.object.namespace),
  );
}

export function countInputProblems(
  problems: InputProblem[],
): InputProblemCounts {
  const counts: InputProblemCounts = { errors: 0, warnings: 0, infos: 0 };
  for (const p of problems) {
    if (p.severity === 'error') counts.errors++;
    else if (p.severity === 'warning') counts.warnings++;
    else counts.infos++;
  }
  return counts;
}

/**
 * GET /clusters/:cluster/input-problems?severity: the located decode problems of the cluster's
 * last read (docs/ingestion.md) — what the editor shows as diagnostics for the same files —
 * most severe first, capped at MAX_INPUT_PROBLEMS.
 */
export function inputProblemRoutes(
  router: Router,
  deps: RouterDeps & Partial<ObservedFlowRouterDeps>,
) {
  router.get('/clusters/:cluster/input-problems', async (req, res) => {
    const q = parseInput(query, req.query, 'query parameter');
    const ctx = await requestContext(deps, req);
    const cluster = req.params.cluster;
    const known = deps.config.clusters.some(c => c.name === cluster);
    const read = known ? deps.overlay.inputProblems(cluster) : undefined;
    if (!read) throw new NotFoundError(`No cluster '${cluster}'`);
    // A recorded flows file's bad lines are input problems of its cluster too.
    const all = [
      ...read,
      ...(deps.flowIngestion?.inputProblems(cluster) ?? []),
    ];
    const shown = visibleInputProblems(ctx, cluster, all)
      .filter(p => !q.severity || p.severity === q.severity)
      .sort(
        (a, b) =>
          severityRank[a.severity] - severityRank[b.severity] ||
          where(a).localeCompare(where(b)) ||
          (a.line ?? 0) - (b.line ?? 0) ||
          (a.column ?? 0) - (b.column ?? 0),
      );
    res.json({
      cluster,
      total: shown.length,
      truncated: shown.length > MAX_INPUT_PROBLEMS,
      problems: shown.slice(0, MAX_INPUT_PROBLEMS),
    });
  });
}
