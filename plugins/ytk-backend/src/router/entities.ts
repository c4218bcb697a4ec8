import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { EntityNetwork } from '@ytknetwork/common';
import type { Router } from 'express';
import { z } from 'zod';
import { parseInput, requestContext, type RouterDeps } from './context';
import { neighbourhood, policiesOf, readablePolicies, viewOf } from './graph';
import { sharedScope } from './scopes';
import { sendSerialized, serializedBody } from './serializedBodies';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Path of an entity route: `/entities/:kind/:namespace/:name/…`. */
export const entityParams = z.object({
  kind: z.string().regex(NAME),
  namespace: z.string().regex(NAME),
  name: z.string().regex(NAME),
});

/** A number per object (scope, caller's workloads, readable policies) to name it in a key. */
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
    // Per owner map and what of the entity decides its workloads (kind, ref, annotations).
    const shared = await sharedScope(
      ctx,
      `entity:${JSON.stringify([ref, entity.metadata.annotations ?? {}])}`,
      () => deps.teams.workloadsOfEntity(ctx.overlay, entity),
    );
    const { refs, scope } = shared;
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
    // workload's details) for this owner map, entity scope and readable policies.
    const key = JSON.stringify([
      'entity',
      idOf(shared),
      idOf(ctx.mine),
      idOf(readable),
    ]);
    sendSerialized(res, serializedBody(ctx.owners, key, build));
  });
}
