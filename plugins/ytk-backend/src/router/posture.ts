import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type {
  EntityPosture,
  PostureHistory,
  TeamPosture,
} from '@ytknetwork/common';
import type { Router } from 'express';
import { z } from 'zod';
import type { PostureService } from '../posture/PostureService';
import { postureView } from '../posture/postureView';
import { parseInput, requestContext, type RouterDeps } from './context';
import { entityParams } from './entities';
import { memberTeam } from './teams';

export interface PostureRouterDeps {
  posture?: PostureService;
}

const ENTITY_NAME = '[A-Za-z0-9][A-Za-z0-9._-]*';
// A Group's name or ref: `payments`, `default/payments`, `group:default/payments`.
const teamParams = z.object({
  team: z
    .string()
    .max(253)
    .regex(
      new RegExp(`^(group:)?(${ENTITY_NAME}/)?${ENTITY_NAME}$`, 'i'),
      'must be a group name or ref (payments, group:default/payments)',
    ),
});
const historyQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

/**
 * GET /teams/:team/posture, /teams/:team/posture/history (members only, as the overview) and
 * /entities/:kind/:namespace/:name/posture (the owners of the entity's workloads, or a caller
 * who reads every policy). Reports are assessed once per overlay version and scope.
 */
export function postureRoutes(
  router: Router,
  deps: RouterDeps & PostureRouterDeps,
) {
  // Registered even without a service (routers built for docs and tests): answered with 503.
  const service = (): PostureService => {
    if (!deps.posture)
      throw new ServiceUnavailableError('Posture is not configured');
    return deps.posture;
  };

  router.get('/teams/:team/posture', async (req, res) => {
    const { team: name } = parseInput(teamParams, req.params, 'path');
    const posture = service();
    const ctx = await requestContext(deps, req);
    const team = await memberTeam(deps, ctx, name);
    const refs = await deps.teams.workloadsOf(ctx.overlay, [team.ref]);
    const report = await posture.report(ctx.overlay, team.ref, refs);
    // The trend gets this version even before the background recorder reaches the team.
    posture
      .record(ctx.overlay, team.ref, refs)
      .catch(e => deps.logger.warn(`ytk: posture of ${team.ref}: ${e}`));
    const body: TeamPosture = { team, ...postureView(ctx, report) };
    res.json(body);
  });

  router.get('/teams/:team/posture/history', async (req, res) => {
    const { team: name } = parseInput(teamParams, req.params, 'path');
    const { limit } = parseInput(historyQuery, req.query, 'query parameter');
    const posture = service();
    const ctx = await requestContext(deps, req);
    const team = await memberTeam(deps, ctx, name);
    const { retention } = posture.store;
    const body: PostureHistory = {
      team,
      entries: await posture.store.list(team.ref, limit),
      retention: {
        maxEntries: retention.maxEntries,
        maxAgeSeconds: Math.round(retention.maxAgeMs / 1000),
      },
    };
    res.json(body);
  });

  router.get('/entities/:kind/:namespace/:name/posture', async (req, res) => {
    const p = parseInput(entityParams, req.params, 'path');
    const posture = service();
    const ctx = await requestContext(deps, req);
    const ref = stringifyEntityRef(p);
    // The catalog applies its own read permission with the caller's credentials.
    const entity = await deps.teams.entity(ref, ctx.credentials);
    if (!entity) throw new NotFoundError(`No entity ${ref}`);
    const refs = await deps.teams.workloadsOfEntity(ctx.overlay, entity);
    // The report names the workloads' identities and every policy around them: for their owners.
    if (!ctx.readsEveryPolicy && !refs.every(r => ctx.mine.has(r)))
      throw new NotAllowedError(
        `The posture of ${ref} is shown to the teams owning its workloads`,
      );
    const report = await posture.report(ctx.overlay, ref, refs);
    const body: EntityPosture = { entityRef: ref, ...postureView(ctx, report) };
    res.json(body);
  });
}
