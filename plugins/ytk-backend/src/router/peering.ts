import type { AuditorService } from '@backstage/backend-plugin-api';
import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
} from '@backstage/plugin-permission-common';
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import type { PeeringCaller, PeeringService } from '../peering/PeeringService';
import type { PeeringRecord } from '../peering/store';
import {
  ytkPeeringAdminPermission,
  ytkPeeringApplyPermission,
  ytkPeeringApprovePermission,
  ytkPeeringCreatePermission,
} from '../permissions';
import { parseInput, requestContext, type RouterDeps } from './context';

export interface PeeringRouterDeps {
  peering?: PeeringService;
  auditor?: AuditorService;
}

const ref = z.string().min(1).max(512);
const createBody = z
  .object({
    from: ref,
    to: z.union([
      z.object({ workload: ref }).strict(),
      z.object({ service: ref }).strict(),
    ]),
    ports: z
      .array(
        z
          .object({
            protocol: z.enum(['TCP', 'UDP', 'SCTP']).default('TCP'),
            port: z.number().int(),
            endPort: z.number().int().optional(),
          })
          .strict(),
      )
      .min(1)
      .max(40),
    reason: z.string().max(10_000),
    expiresAt: z.string().datetime({ offset: true }).optional(),
  })
  .strict();
const listQuery = z.object({
  view: z.enum(['mine', 'incoming', 'all']).default('mine'),
});
const idParams = z.object({ id: z.string().uuid() });
const actionBody = z
  .object({
    comment: z.string().max(2000).optional(),
    /** The version the reviewer saw: a stale one is a 409. */
    version: z.number().int().positive().optional(),
  })
  .strict();

/** A list row: the record without the bulky generated parts. */
function summary(r: PeeringRecord) {
  const { generatedYaml, policies, diff, ...rest } = r;
  return rest;
}

/**
 * POST /peering/preview, POST /peering, GET /peering?view=, GET /peering/:id,
 * POST /peering/:id/{approve,reject,cancel,apply}.
 */
export function peeringRoutes(
  router: Router,
  deps: RouterDeps & PeeringRouterDeps,
) {
  // Registered even without a service (routers built for docs and tests): answered with 503.
  const service = (): PeeringService => {
    if (!deps.peering)
      throw new ServiceUnavailableError('Peering is not configured');
    return deps.peering;
  };
  router.use('/peering', express.json({ limit: '64kb' }));

  const authorized = async (
    permission: BasicPermission,
    credentials: Parameters<
      typeof deps.permissions.authorize
    >[1]['credentials'],
  ) => {
    const [d] = await deps.permissions.authorize([{ permission }], {
      credentials,
    });
    return d.result === AuthorizeResult.ALLOW;
  };

  const caller = async (
    req: Request,
    permission?: BasicPermission,
  ): Promise<PeeringCaller> => {
    const ctx = await requestContext(deps, req);
    const principal = ctx.credentials.principal as { userEntityRef?: string };
    if (!principal.userEntityRef)
      throw new NotAllowedError('Peering requests are made by users');
    if (permission && !(await authorized(permission, ctx.credentials)))
      throw new NotAllowedError(`Missing permission ${permission.name}`);
    return {
      ref: principal.userEntityRef,
      claims: ctx.claims,
      overlay: ctx.overlay,
      owners: ctx.owners,
      admin: await authorized(ytkPeeringAdminPermission, ctx.credentials),
    };
  };

  /** Runs a transition inside an auditor event (success or failure recorded either way). */
  const audited = async <T>(
    req: Request,
    eventId: string,
    meta: Record<string, string>,
    run: () => Promise<T>,
  ): Promise<T> => {
    const event = await deps.auditor?.createEvent({
      eventId,
      severityLevel: 'medium',
      request: req,
      meta,
    });
    try {
      const out = await run();
      const r = out as Partial<PeeringRecord>;
      await event?.success({
        meta: { id: r.id ?? meta.id ?? '', state: r.state ?? '' },
      });
      return out;
    } catch (e) {
      await event?.fail({ error: e as Error });
      throw e;
    }
  };

  // Same checks as create, nothing stored and no audit event: the form shows it before submitting.
  router.post('/peering/preview', async (req, res) => {
    const body = parseInput(createBody, req.body, 'body');
    const who = await caller(req, ytkPeeringCreatePermission);
    res.json(await service().preview(body, who));
  });

  router.post('/peering', async (req, res) => {
    const body = parseInput(createBody, req.body, 'body');
    const who = await caller(req, ytkPeeringCreatePermission);
    const record = await audited(
      req,
      'peering-create',
      { from: body.from },
      () => service().create(body, who),
    );
    res.status(201).json(record);
  });

  router.get('/peering', async (req, res) => {
    const { view } = parseInput(listQuery, req.query, 'query');
    const who = await caller(req);
    res.json((await service().list(view, who)).map(summary));
  });

  router.get('/peering/:id', async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'path');
    res.json(await service().get(id, await caller(req)));
  });

  for (const action of ['approve', 'reject', 'cancel'] as const) {
    router.post(`/peering/:id/${action}`, async (req, res) => {
      const { id } = parseInput(idParams, req.params, 'path');
      const body = parseInput(actionBody, req.body ?? {}, 'body');
      const who = await caller(
        req,
        action === 'cancel' ? undefined : ytkPeeringApprovePermission,
      );
      res.json(
        await audited(req, `peering-${action}`, { id }, () =>
          service().review(id, action, who, body),
        ),
      );
    });
  }

  router.post('/peering/:id/apply', async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'path');
    const body = parseInput(actionBody, req.body ?? {}, 'body');
    const who = await caller(req, ytkPeeringApplyPermission);
    res.json(
      await audited(req, 'peering-apply', { id }, () =>
        service().apply(id, who, body),
      ),
    );
  });
}
