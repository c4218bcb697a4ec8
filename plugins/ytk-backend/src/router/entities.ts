import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { EntityNetwork } from '@ytknetwork/common';
import type { Router } from 'express';
import { z } from 'zod';
import {
  parseInput,
  requestContext,
  type RequestContext,
  type RouterDeps,
} from './context';
import type { Entity } from '@backstage/catalog-model';
import type { WorkloadRef } from '@ytknetwork/common';
import { neighbourhood, policiesOf, readablePolicies, viewOf } from './graph';
import { sendSerialized, serializedBody } from './serializedBodies';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Path of an entity route: `/entities/:kind/:namespace/:name/…`. */
export const entityParams = z.object({
  kind: z.string().regex(NAME),
  namespace: z.string().regex(NAME),
  name: z.string().regex(NAME),
});

/**
 * An entity's workloads per owner map (one version and catalog read) and what of the entity
 * decides them (kind, ref, annotations): one Set shared by the entity's requests, so the
 * readable policies of callers who read every policy are found once for it, not per request.
 */
const entityScopes = new WeakMap<
  RequestContext['owners'],
  Map<string, { refs: WorkloadRef[]; scope: Set<WorkloadRef> }>
>();

/** A number per object (the caller's workloads, a readable-policies answer) for a body's key. */
const ids = new WeakMap<object, number>();
let seq = 0;
const idOf = (o: object) => {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = ++seq));
  return id;
};

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
    const { refs, scope } = await workloadsOf(deps, ctx, entity);
    const readable = await readablePolicies(deps, ctx, scope);
    const build = (): EntityNetwork => ({
      entityRef: ref,
      workloads: refs.map(r => viewOf(ctx, r)),
      ...neighbourhood(deps, ctx, scope),
      ...policiesOf(ctx, readable),
    });
    // A caller whose policy reads are decided one by one gets an answer of their own.
    if (!ctx.readsEveryPolicy) {
      res.json(build());
      return;
    }
    // Else the answer is the same for every caller owning the same workloads (who sees a
    // workload's details) for this owner map, entity and readable policies.
    const key = JSON.stringify([
      'entity',
      ref,
      entity.metadata.annotations ?? {},
      ctx.overlay.version,
      idOf(ctx.mine),
      idOf(readable),
    ]);
    sendSerialized(res, serializedBody(ctx.owners, key, build));
  });
}

async function workloadsOf(
  deps: RouterDeps,
  ctx: RequestContext,
  entity: Entity,
) {
  let byEntity = entityScopes.get(ctx.owners);
  if (!byEntity) entityScopes.set(ctx.owners, (byEntity = new Map()));
  const key = JSON.stringify([
    stringifyEntityRef(entity),
    entity.metadata.annotations ?? {},
  ]);
  let hit = byEntity.get(key);
  if (!hit) {
    const refs = (
      await deps.teams.workloadsOfEntity(ctx.overlay, entity)
    ).sort();
    byEntity.set(key, (hit = { refs, scope: new Set(refs) }));
  }
  return hit;
}
