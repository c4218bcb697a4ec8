import { randomUUID } from 'node:crypto';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type {
  FindingCounts,
  TeamOverview,
  TeamView,
  WorkloadRef,
} from '@ytknetwork/common';
import type { Router } from 'express';
import { z } from 'zod';
import type { WorkloadOwner } from '../teams/TeamService';
import {
  parseInput,
  requestContext,
  type RequestContext,
  type RouterDeps,
} from './context';
import { findingsFor, neighbourhood, viewOf } from './graph';
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

/** A team's workloads per owner map (a version and catalog read): one Set shared by requests. */
const teamScopes = new WeakMap<
  Map<WorkloadRef, WorkloadOwner>,
  Map<string, { refs: WorkloadRef[]; scope: Set<WorkloadRef> }>
>();

async function workloadsOfTeam(
  deps: RouterDeps,
  ctx: RequestContext,
  team: string,
) {
  let byTeam = teamScopes.get(ctx.owners);
  if (!byTeam) teamScopes.set(ctx.owners, (byTeam = new Map()));
  let hit = byTeam.get(team);
  if (!hit) {
    const refs = (await deps.teams.workloadsOf(ctx.overlay, [team])).sort();
    byTeam.set(team, (hit = { refs, scope: new Set(refs) }));
  }
  return hit;
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
  const { refs, scope } = await workloadsOfTeam(deps, ctx, team.ref);
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

/**
 * Serialized overviews. Apart from the finding counts (which depend on the caller's
 * policy permissions, part of the key) an overview is the same for every member, and
 * fixed for one owner map (one overlay version and catalog refresh): a large team's
 * neighbourhood is serialized once, not per request.
 */
const serialized = new WeakMap<
  Map<WorkloadRef, WorkloadOwner>,
  Map<string, { body: Buffer; etag: string }>
>();
const etagPrefix = randomUUID().slice(0, 8);
let etagSeq = 0;

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
    const key = JSON.stringify([s.team, s.findingCounts, ctx.overlay.version]);
    let byKey = serialized.get(ctx.owners);
    let hit = byKey?.get(key);
    if (!hit) {
      hit = {
        // Kept as bytes: express would otherwise re-encode a large string per response.
        body: Buffer.from(JSON.stringify(overview(deps, ctx, s))),
        etag: `W/"${etagPrefix}-${++etagSeq}"`,
      };
      // The owner map is its overlay version's, and so is the neighbourhood built from it.
      if (!byKey) serialized.set(ctx.owners, (byKey = new Map()));
      byKey.set(key, hit);
    }
    // With an ETag set, express neither hashes the body nor skips answering 304.
    res.set('ETag', hit.etag).type('json').send(hit.body);
  });
}
