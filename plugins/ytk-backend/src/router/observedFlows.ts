import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  reattribute,
  unusedAllowsFromAggregates,
  type DecidingRule,
  type EntityDropsResponse,
  type FlowAggregate,
  type FlowWindowView,
  type ObservedEdge,
  type Policy,
  type TeamFlowsResponse,
  type UnusedAllowedPath,
  type WorkloadRef,
} from '@ytknetwork/common';
import type { Router } from 'express';
import { z } from 'zod';
import type { FlowIngestion } from '../flows/FlowIngestion';
import type { FlowStore, StoredAggregate } from '../flows/FlowStore';
import {
  parseInput,
  requestContext,
  type RequestContext,
  type RouterDeps,
} from './context';

export interface ObservedFlowRouterDeps {
  flowStore: FlowStore;
  flowIngestion: FlowIngestion;
}

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const MAX_WINDOW_MS = 90 * UNIT_MS.d;
/** Stored rows read per request at most (hourly rows of the edges in the window). */
const MAX_ROWS = 20_000;

const windowParam = z
  .string()
  .regex(/^[1-9]\d{0,4}[mhd]$/, 'expected a duration like 30m, 24h or 7d')
  .refine(
    w => Number(w.slice(0, -1)) * UNIT_MS[w.slice(-1) as 'm'] <= MAX_WINDOW_MS,
    'at most 90d',
  );

const query = z
  .object({
    window: windowParam.default('24h'),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();

const teamParams = z.object({ team: z.string().min(1).max(253) });
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const entityParams = z.object({
  kind: z.string().regex(NAME),
  namespace: z.string().regex(NAME),
  name: z.string().regex(NAME),
});

function windowOf(
  w: string,
  now = Date.now(),
): FlowWindowView & {
  fromMs: number;
} {
  const ms = Number(w.slice(0, -1)) * UNIT_MS[w.slice(-1) as 'm'];
  const fromMs = now - ms;
  return {
    window: w,
    from: new Date(fromMs).toISOString(),
    to: new Date(now).toISOString(),
    fromMs,
  };
}

const REDACTED = 'policy of another team';

/** Rules of policies the caller may not read lose their name and location (as GET /flows/explain). */
function redactor(ctx: RequestContext) {
  const policies = new Map<string, Policy>();
  for (const c of ctx.overlay.clusters)
    for (const p of c.policies) policies.set(p.id, p);
  return (r: DecidingRule): DecidingRule => {
    const p = policies.get(r.policyId);
    if (p && ctx.canReadPolicy(p)) return r;
    // calicoName carries the policy's name too (knp.default.<name>).
    const {
      location: _location,
      ruleName: _ruleName,
      calicoName: _calicoName,
      ...rest
    } = r;
    return { ...rest, policyId: '', policyName: REDACTED };
  };
}

const edgeKey = (a: StoredAggregate) =>
  [
    a.cluster,
    a.source,
    a.destination,
    a.protocol,
    a.port,
    a.verdict,
    a.dropReason,
    a.type,
  ].join('\u0001');

/**
 * Stored hourly rows folded into one aggregate per edge (cluster, ends, port, verdict, drop
 * reason), attributed again against the current overlay from the latest row's sample.
 */
function edges(
  ctx: RequestContext,
  rows: StoredAggregate[],
): StoredAggregate[] {
  const byKey = new Map<string, StoredAggregate>();
  for (const r of rows) {
    const k = edgeKey(r);
    const have = byKey.get(k);
    if (!have) {
      byKey.set(k, { ...r, key: k });
      continue;
    }
    have.count += r.count;
    if (r.firstSeen && (!have.firstSeen || r.firstSeen < have.firstSeen))
      have.firstSeen = r.firstSeen;
    if (r.lastSeen && (!have.lastSeen || r.lastSeen > have.lastSeen)) {
      have.lastSeen = r.lastSeen;
      have.sample = r.sample;
      have.attribution = r.attribution;
    }
  }
  return [...byKey.values()].map(a => ({
    ...reattribute(ctx.overlay, a, { defaultCluster: a.cluster }),
    cluster: a.cluster,
  }));
}

function edgeView(
  a: StoredAggregate,
  redact: (r: DecidingRule) => DecidingRule,
): ObservedEdge {
  const at = a.attribution;
  return {
    cluster: a.cluster,
    source: a.source,
    destination: a.destination,
    protocol: a.protocol,
    port: a.port,
    verdict: a.verdict,
    ...(a.dropReason ? { dropReason: a.dropReason } : {}),
    count: a.count,
    ...(a.firstSeen ? { firstSeen: a.firstSeen } : {}),
    ...(a.lastSeen ? { lastSeen: a.lastSeen } : {}),
    classification: at.classification,
    ...(at.cause ? { cause: at.cause } : {}),
    ...(at.causes ? { causes: at.causes } : {}),
    ...(at.audit ? { audit: true } : {}),
    reason: at.reason,
    decidedBy: at.decidedBy.map(s => ({
      direction: s.direction,
      outcome: s.outcome,
      rules: s.rules.map(redact),
    })),
  };
}

const byCount = (a: FlowAggregate, b: FlowAggregate) =>
  b.count - a.count || (a.key < b.key ? -1 : 1);

/** GET /teams/:team/flows and GET /entities/:kind/:namespace/:name/drops. */
export function observedFlowRoutes(
  router: Router,
  deps: RouterDeps & ObservedFlowRouterDeps,
) {
  router.get('/teams/:team/flows', async (req, res) => {
    const { team: name } = parseInput(teamParams, req.params, 'path');
    const q = parseInput(query, req.query, 'query parameter');
    const ctx = await requestContext(deps, req);
    const team = await deps.teams.team(name);
    if (!team) throw new NotFoundError(`No team '${name}' in the catalog`);
    // As the overview: another team's traffic would expose its workloads.
    if (!ctx.claims.includes(team.ref))
      throw new NotAllowedError(`Not a member of ${team.ref}`);
    const refs = await deps.teams.workloadsOf(ctx.overlay, [team.ref]);
    const w = windowOf(q.window);
    const { rows, truncated: cut } = await deps.flowStore.list({
      fromMs: w.fromMs,
      endpoints: refs,
      limit: MAX_ROWS,
    });
    const all = edges(ctx, rows);
    const redact = redactor(ctx);
    const observed = all
      .filter(a => a.verdict !== 'DROPPED' && a.type === 'L3_L4')
      .sort(byCount);
    const dropped = all.filter(a => a.verdict === 'DROPPED').sort(byCount);
    const scope = new Set<string>(refs);
    const unused: UnusedAllowedPath[] = [];
    // The version's connectivity, computed once for every route, not again per request.
    for (const u of unusedAllowsFromAggregates(
      ctx.overlay,
      all,
      { from: w.from, to: w.to },
      deps.overlay.connectivity(ctx.overlay),
    )) {
      for (const p of u.unused) {
        const touches = [p.from, p.to].some(
          e => 'workload' in e && scope.has(e.workload as WorkloadRef),
        );
        if (touches)
          unused.push({
            rule: redact(u.rule),
            from: p.from,
            to: p.to,
            ports: p.ports,
          });
      }
    }
    const body: TeamFlowsResponse = {
      team: team.ref,
      window: { window: w.window, from: w.from, to: w.to },
      overlayVersion: ctx.overlay.version,
      observed: observed.slice(0, q.limit).map(a => edgeView(a, redact)),
      dropped: dropped.slice(0, q.limit).map(a => edgeView(a, redact)),
      unused: unused.slice(0, q.limit),
      truncated:
        cut ||
        observed.length > q.limit ||
        dropped.length > q.limit ||
        unused.length > q.limit,
      sources: deps.config.clusters.map(c => ({
        cluster: c.name,
        state: deps.flowIngestion.health(c.name).state,
      })),
    };
    res.json(body);
  });

  router.get('/entities/:kind/:namespace/:name/drops', async (req, res) => {
    const p = parseInput(entityParams, req.params, 'path');
    const q = parseInput(query, req.query, 'query parameter');
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
    const w = windowOf(q.window);
    const { rows, truncated: cut } = await deps.flowStore.list({
      fromMs: w.fromMs,
      endpoints: refs,
      verdicts: ['DROPPED'],
      limit: MAX_ROWS,
    });
    const redact = redactor(ctx);
    const drops = edges(ctx, rows).sort(
      (a, b) =>
        (b.lastSeen ?? '').localeCompare(a.lastSeen ?? '') || byCount(a, b),
    );
    const body: EntityDropsResponse = {
      entityRef: ref,
      window: { window: w.window, from: w.from, to: w.to },
      drops: drops.slice(0, q.limit).map(a => edgeView(a, redact)),
      truncated: cut || drops.length > q.limit,
    };
    res.json(body);
  });
}
