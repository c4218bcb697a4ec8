import { InputError } from '@backstage/errors';
import {
  explainFlow,
  parseEndpointText,
  parsePortText,
  type DecidingRule,
  type Endpoint,
  type ExplainResponse,
  type IstioPolicyRef,
  type IstioPosture,
  type Overlay,
  type Policy,
} from '@ytknetwork/common';
import type { Router } from 'express';
import { z } from 'zod';
import {
  parseInput,
  requestContext,
  type RequestContext,
  type RouterDeps,
} from './context';

const query = z
  .object({
    from: z.string().min(1).max(512),
    to: z.string().min(1).max(512),
    port: z
      .string()
      .regex(
        /^\d{1,5}(\/(TCP|UDP|SCTP))?$/i,
        'expected a port like 443 or 443/TCP',
      ),
  })
  .strict();

/** `ref`, `ns/name`, `name`, an entity (`world`, `entity:host`) or `cidr:<block>` / a CIDR / an IP. */
function parseEndpoint(
  overlay: Overlay,
  text: string,
  field: string,
): Endpoint {
  const endpoint = parseEndpointText(overlay, text);
  if (endpoint) return endpoint;
  throw new InputError(
    `Invalid query parameter '${field}': no single workload, entity or CIDR matches '${text}'`,
  );
}

const REDACTED = 'policy of another team';

export type ExplainQuery = z.infer<typeof query>;

/** The verdict for one flow as this caller may see it: unreadable policies redacted. */
export function explainForCaller(
  ctx: RequestContext,
  q: ExplainQuery,
): ExplainResponse {
  const parsed = parsePortText(q.port);
  if (!parsed) {
    throw new InputError(
      `Invalid query parameter 'port': ${q.port} is out of range`,
    );
  }
  const verdict = explainFlow(ctx.overlay, {
    from: parseEndpoint(ctx.overlay, q.from, 'from'),
    to: parseEndpoint(ctx.overlay, q.to, 'to'),
    ...parsed,
  });
  const policies = new Map<string, Policy>();
  for (const c of ctx.overlay.clusters)
    for (const p of c.policies) policies.set(p.id, p);
  const redact = (r: DecidingRule): DecidingRule => {
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
  // Pass rules that handed the flow on (AdminNetworkPolicy, Calico) are deciding rules too.
  const side = (v: typeof verdict.egress) => ({
    ...v,
    rules: v.rules.map(redact),
    ...(v.passedBy ? { passedBy: v.passedBy.map(redact) } : {}),
  });
  return {
    verdict: {
      ...verdict,
      egress: side(verdict.egress),
      ingress: side(verdict.ingress),
      ...(verdict.istio
        ? { istio: redactIstio(ctx, verdict.istio, verdict.flow.to) }
        : {}),
    },
  };
}

/**
 * Istio objects are named like policies: to a caller who may not read the destination's
 * policies they show as "policy of another team", keeping kind, scope and action (what the
 * posture means) but not name or location.
 */
function redactIstio(
  ctx: RequestContext,
  istio: IstioPosture,
  to: Endpoint,
): IstioPosture {
  const team = 'workload' in to ? ctx.owners.get(to.workload)?.team : undefined;
  const redact = <T extends IstioPolicyRef>(r: T): T => {
    const readable = ctx.canReadObject({
      id: r.id,
      cluster: r.cluster,
      namespace: r.namespace,
      teams: team ? [team] : [],
    });
    if (readable) return r;
    const copy: T = { ...r, id: '', name: REDACTED };
    delete copy.location;
    return copy;
  };
  return {
    ...istio,
    ...(istio.peerAuthentication
      ? { peerAuthentication: redact(istio.peerAuthentication) }
      : {}),
    ...(istio.authorizationPolicies
      ? { authorizationPolicies: istio.authorizationPolicies.map(redact) }
      : {}),
  };
}

/** Validates an explain query (HTTP query string or action input). */
export function parseExplainQuery(value: unknown, where: string): ExplainQuery {
  return parseInput(query, value, where);
}

/** GET /flows/explain?from&to&port: the verdict, with unreadable policies redacted. */
export function flowRoutes(router: Router, deps: RouterDeps) {
  router.get('/flows/explain', async (req, res) => {
    const q = parseExplainQuery(req.query, 'query parameter');
    const ctx = await requestContext(deps, req);
    res.json(explainForCaller(ctx, q));
  });
}
