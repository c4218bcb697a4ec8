import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { EntityNetwork } from '@ytknetwork/common';
import type { Router } from 'express';
import { z } from 'zod';
import { parseInput, requestContext, type RouterDeps } from './context';
import { neighbourhood, policiesFor, viewOf } from './graph';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Path of an entity route: `/entities/:kind/:namespace/:name/…`. */
export const entityParams = z.object({
  kind: z.string().regex(NAME),
  namespace: z.string().regex(NAME),
  name: z.string().regex(NAME),
});

/** GET /entities/:kind/:namespace/:name/network: the entity tab's data. */
export function entityRoutes(router: Router, deps: RouterDeps) {
  router.get('/entities/:kind/:namespace/:name/network', async (req, res) => {
    const p = parseInput(entityParams, req.params, 'path');
    const ctx = await requestContext(deps, req);
    const ref = stringifyEntityRef({
      kind: p.kind,
      namespace: p.namespace,
      name: p.name,
    });
    // The catalog applies its own read permission with the caller's credentials.
    const entity = await deps.teams.entity(ref, ctx.credentials);
    if (!entity) throw new NotFoundError(`No entity ${ref}`);
    const refs = await deps.teams.workloadsOfEntity(ctx.overlay, entity);
    const scope = new Set(refs);
    const { inbound, outbound } = neighbourhood(deps, ctx, scope);
    const { policies, findings } = await policiesFor(deps, ctx, scope);
    const body: EntityNetwork = {
      entityRef: ref,
      workloads: refs.sort().map(r => viewOf(ctx, r)),
      inbound,
      outbound,
      policies,
      findings,
    };
    res.json(body);
  });
}
