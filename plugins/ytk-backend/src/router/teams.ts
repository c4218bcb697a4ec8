import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type {
  FindingCounts,
  TeamOverview,
  TeamView,
  WorkloadRef,
} from '@ytknetwork/common';
import type { Router } from 'express';
import { z } from 'zod';
import {
  parseInput,
  requestContext,
  type RequestContext,
  type RouterDeps,
} from './context';
import { findingsFor, neighbourhood, viewOf } from './graph';
import { sharedScope } from './scopes';
import { sendSerialized, serializedBody } from './serializedBodies';
import { countFindings } from './views';

export const teamParams = z.object({ team: z.string().min(1).max(253) });

/** The catalog team of a path parameter, for its members only (404 unknown, 403 another's). */
export async function memberTeam(
  deps: RouterDeps,
  ctx: RequestContext,
  teamName: string,
): Promise<TeamView> {
  const team = await deps.teams.team(teamName);
  if (!team) throw new NotFoundError(`No team '${teamName}' in the catalog`);
  // Another team's views would expose its workloads in full.
  if (!ctx.claims.includes(team.ref)) {
    throw new NotAllowedError(`Not a member of ${team.ref}`);
  }
  return team;
}

/** The team, its workloads and its finding counts; members only. */
async function teamScope(
  deps: RouterDeps,
  ctx: RequestContext,
  teamName: string,
): Promise<{
  team: TeamView;
  refs: WorkloadRef[];
  scope: Set<WorkloadRef>;
  findingCounts: FindingCounts;
}> {
  const team = await memberTeam(deps, ctx, teamName);
  const { refs, scope } = await sharedScope(ctx, `team:${team.ref}`, () =>
    deps.teams.workloadsOf(ctx.overlay, [team.ref]),
  );
  // Per caller: counts only the findings of policies the caller may read.
  const findings = await findingsFor(deps, ctx, scope);
  return { team, refs, scope, findingCounts: countFindings(findings) };
}

function overview(
  deps: RouterDeps,
  ctx: RequestContext,
  s: Awaited<ReturnType<typeof teamScope>>,
): TeamOverview {
  const { inbound, outbound } = neighbourhood(deps, ctx, s.scope);
  return {
    team: s.team,
    workloads: s.refs.map(r => viewOf(ctx, r)),
    inbound,
    outbound,
    findingCounts: s.findingCounts,
    overlayVersion: ctx.overlay.version,
  };
}

/** A team's workloads, neighbours and finding counts; members only. */
export async function teamOverview(
  deps: RouterDeps,
  ctx: RequestContext,
  teamName: string,
): Promise<TeamOverview> {
  return overview(deps, ctx, await teamScope(deps, ctx, teamName));
}

/** GET /teams (the caller's teams), GET /teams/:team/overview. */
export function teamRoutes(router: Router, deps: RouterDeps) {
  router.get('/teams', async (req, res) => {
    const ctx = await requestContext(deps, req);
    res.json(await deps.teams.teamsOf(ctx.credentials));
  });

  router.get('/teams/:team/overview', async (req, res) => {
    const { team } = parseInput(teamParams, req.params, 'path');
    const ctx = await requestContext(deps, req);
    const s = await teamScope(deps, ctx, team);
    // Apart from the finding counts (the caller's policy permissions: in the key) an overview
    // is the same for every member, and fixed for one owner map.
    const key = JSON.stringify([
      'overview',
      s.team,
      s.findingCounts,
      ctx.overlay.version,
    ]);
    sendSerialized(
      res,
      serializedBody(ctx.owners, key, () => overview(deps, ctx, s)),
    );
  });
}
