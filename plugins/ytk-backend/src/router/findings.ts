import type { Finding } from '@ytknetwork/common';
import type { Router } from 'express';
import { z } from 'zod';
import { parseInput, requestContext, type RouterDeps } from './context';
import { findingsOfPolicy } from './views';

// Same names and scope parameters as GET /policies, so one filter bar drives both.
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const listQuery = z
  .object({
    cluster: z.string().regex(NAME).optional(),
    namespace: z.string().regex(NAME).optional(),
    team: z.string().min(1).optional(),
  })
  .strict();

/** A lint finding with the policy it sits in. */
export type PolicyFinding = Finding & { policyId?: string; cluster: string };

const severityRank = { error: 0, warning: 1, info: 2 } as const;

/**
 * GET /findings?team&cluster&namespace: lint findings located in the policies the caller may read
 * (the same `ytk.policy.read` decision as GET /policies), most severe first.
 */
export function findingRoutes(router: Router, deps: RouterDeps) {
  router.get('/findings', async (req, res) => {
    const q = parseInput(listQuery, req.query, 'query parameter');
    const ctx = await requestContext(deps, req);
    const team = q.team
      ? ((await deps.teams.team(q.team))?.ref ?? q.team)
      : undefined;
    const out: PolicyFinding[] = [];
    for (const c of ctx.overlay.clusters) {
      if (q.cluster && c.name !== q.cluster) continue;
      const findings = await deps.overlay.findings(c.name);
      for (const p of c.policies) {
        if (q.namespace && p.namespace !== q.namespace) continue;
        if (team && !ctx.policyTeams(p).includes(team)) continue;
        if (!ctx.canReadPolicy(p)) continue;
        for (const f of findingsOfPolicy(p, findings)) {
          out.push({ ...f, policyId: p.id, cluster: c.name });
        }
      }
    }
    out.sort(
      (a, b) =>
        severityRank[a.severity] - severityRank[b.severity] ||
        a.uri.localeCompare(b.uri) ||
        a.range.start.line - b.range.start.line,
    );
    res.json({ findings: out });
  });
}
