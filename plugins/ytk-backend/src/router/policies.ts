import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { Policy, PolicyDetail, PolicySummary } from '@ytknetwork/common';
import type { Router } from 'express';
import { stringify } from 'yaml';
import { z } from 'zod';
import { parseInput, requestContext, type RouterDeps } from './context';
import type { OverlayService } from '../overlay/OverlayService';
import { policySummary } from './views';

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const listQuery = z
  .object({
    cluster: z.string().regex(NAME).optional(),
    namespace: z.string().regex(NAME).optional(),
    team: z.string().min(1).optional(),
  })
  .strict();
const detailParams = z.object({
  cluster: z.string().regex(NAME),
  namespace: z.union([z.literal('_'), z.string().regex(NAME)]),
  kind: z.enum([
    'NetworkPolicy',
    'CiliumNetworkPolicy',
    'CiliumClusterwideNetworkPolicy',
    'AdminNetworkPolicy',
    'BaselineAdminNetworkPolicy',
    'CalicoNetworkPolicy',
    'GlobalNetworkPolicy',
  ]),
  name: z.string().regex(NAME),
});

/** The policy's own text: its slice of the manifest, or the object rendered as YAML. */
function policyYaml(
  overlay: OverlayService,
  p: Policy,
): { uri: string; yaml: string; firstLine: number } {
  const snap = overlay.snapshot(p.cluster);
  const found = snap?.resources.find(
    r =>
      r.object.kind === p.kind &&
      r.object.metadata?.name === p.name &&
      (r.object.metadata?.namespace ?? undefined) ===
        (p.namespace ?? undefined),
  );
  const doc = found?.document;
  if (doc && doc.listItem === undefined) {
    const lines = doc.text.split('\n');
    const { start, end } = doc.range;
    const slice = lines.slice(start.line, end.line + 1);
    if (slice.length) {
      slice[slice.length - 1] = slice[slice.length - 1].slice(0, end.character);
      slice[0] = slice[0].slice(start.character);
    }
    return {
      uri: doc.uri,
      yaml: `${slice.join('\n').trimEnd()}\n`,
      firstLine: start.line,
    };
  }
  const { managedFields: _m, ...metadata } = p.object
    .metadata as Policy['object']['metadata'] & {
    managedFields?: unknown;
  };
  return {
    uri: p.source?.uri ?? `k8s://${p.cluster}/${p.id}`,
    yaml: stringify({ ...p.object, metadata }),
    firstLine: 0,
  };
}

/** GET /policies?cluster&namespace&team, GET /policies/:cluster/:namespace/:kind/:name. */
export function policyRoutes(router: Router, deps: RouterDeps) {
  router.get('/policies', async (req, res) => {
    const q = parseInput(listQuery, req.query, 'query parameter');
    const ctx = await requestContext(deps, req);
    const team = q.team
      ? ((await deps.teams.team(q.team))?.ref ?? q.team)
      : undefined;
    const out: PolicySummary[] = [];
    for (const c of ctx.overlay.clusters) {
      if (q.cluster && c.name !== q.cluster) continue;
      for (const p of c.policies) {
        if (q.namespace && p.namespace !== q.namespace) continue;
        const teams = ctx.policyTeams(p);
        if (team && !teams.includes(team)) continue;
        if (!ctx.canReadPolicy(p)) continue;
        out.push(
          policySummary(
            p,
            ctx.subjects.get(p.id) ?? [],
            teams,
            await deps.overlay.findingsOf(p),
          ),
        );
      }
    }
    res.json(out);
  });

  router.get('/policies/:cluster/:namespace/:kind/:name', async (req, res) => {
    const p = parseInput(detailParams, req.params, 'path');
    const ctx = await requestContext(deps, req);
    const id = `${p.cluster}/${p.namespace}/${p.kind}/${p.name}`;
    const policy = ctx.overlay.clusters
      .find(c => c.name === p.cluster)
      ?.policies.find(x => x.id === id);
    if (!policy) throw new NotFoundError(`No policy ${id}`);
    if (!ctx.canReadPolicy(policy)) {
      throw new NotAllowedError(`Not allowed to read policy ${id}`);
    }
    const findings = await deps.overlay.findingsOf(policy);
    const { uri, yaml, firstLine } = policyYaml(deps.overlay, policy);
    const body: PolicyDetail = {
      policy: policySummary(
        policy,
        ctx.subjects.get(policy.id) ?? [],
        ctx.policyTeams(policy),
        findings,
      ),
      uri,
      yaml,
      firstLine,
      findings,
    };
    res.json(body);
  });
}
