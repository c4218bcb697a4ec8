import type {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import type { Overlay, Policy, WorkloadRef } from '@ytknetwork/common';
import type { Request } from 'express';
import type { z } from 'zod';
import type { YtkConfig } from '../config';
import type { OverlayService } from '../overlay/OverlayService';
import {
  ytkOverlayReadPermission,
  ytkPolicyReadPermission,
  ytkPolicyResourceRef,
  type YtkPolicyResource,
} from '../permissions';
import type { TeamService, WorkloadOwner } from '../teams/TeamService';

export interface RouterDeps {
  config: YtkConfig;
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  overlay: OverlayService;
  teams: TeamService;
}

/** What one request may see, computed once per request. */
export interface RequestContext {
  credentials: BackstageCredentials;
  overlay: Overlay;
  claims: string[];
  owners: Map<WorkloadRef, WorkloadOwner>;
  /** Workloads owned by the caller's teams: shown in full. */
  mine: Set<WorkloadRef>;
  subjects: Map<string, WorkloadRef[]>;
  policyTeams(policy: Policy): string[];
  canReadPolicy(policy: Policy): boolean;
  /** The same decision for an object that is not a Policy (an Istio AuthorizationPolicy). */
  canReadObject(resource: YtkPolicyResource): boolean;
  /** `ytk.policy.read` is an unconditional ALLOW: the caller sees every namespace's detail. */
  readsEveryPolicy: boolean;
}

/**
 * The teams owning each policy's subjects depend only on the version's subjects and the owner
 * map: worked out once for every request of both, not per request.
 */
const policyTeamsCache = new WeakMap<
  Map<string, WorkloadRef[]>,
  WeakMap<Map<WorkloadRef, WorkloadOwner>, Map<string, string[]>>
>();

function policyTeamsMemo(
  subjects: Map<string, WorkloadRef[]>,
  owners: Map<WorkloadRef, WorkloadOwner>,
): Map<string, string[]> {
  let byOwners = policyTeamsCache.get(subjects);
  if (!byOwners) policyTeamsCache.set(subjects, (byOwners = new WeakMap()));
  let memo = byOwners.get(owners);
  if (!memo) byOwners.set(owners, (memo = new Map()));
  return memo;
}

/** The workloads of the caller's teams, per owner map and set of claims (not per request). */
const ownedCache = new WeakMap<
  Map<WorkloadRef, WorkloadOwner>,
  Map<string, Set<WorkloadRef>>
>();

function ownedBy(
  owners: Map<WorkloadRef, WorkloadOwner>,
  claims: string[],
): Set<WorkloadRef> {
  let byClaims = ownedCache.get(owners);
  if (!byClaims) ownedCache.set(owners, (byClaims = new Map()));
  const key = JSON.stringify(claims);
  let mine = byClaims.get(key);
  if (!mine) {
    mine = new Set();
    for (const [ref, o] of owners)
      if (o.team && claims.includes(o.team)) mine.add(ref);
    // Bounded: one entry per distinct set of claims seen with this owner map.
    if (byClaims.size >= 1000) byClaims.clear();
    byClaims.set(key, mine);
  }
  return mine;
}

/** Validates a request part; the message names the offending field. */
export function parseInput<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
  where: string,
): z.infer<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue.path.join('.') || where;
  throw new InputError(`Invalid ${where} '${field}': ${issue.message}`);
}

/**
 * Authenticates, checks `ytk.overlay.read`, and resolves the caller's view:
 * teams, owned workloads, and the (conditional) `ytk.policy.read` decision.
 */
export async function requestContext(
  deps: RouterDeps,
  req: Request,
): Promise<RequestContext> {
  const credentials = await deps.httpAuth.credentials(req, {
    allow: ['user', 'service'],
  });
  const ctx = await callerContext(deps, credentials);
  setViewHeaders(deps, ctx, req);
  return ctx;
}

/**
 * `ytk-overlay-version` and `ytk-overlay-age-ms` of the version the request is answered from,
 * `ytk-overlay-pending` while a newer version's views are being computed, and
 * `ytk-overlay-findings-version` while some cluster's findings are still an older version's.
 */
function setViewHeaders(deps: RouterDeps, ctx: RequestContext, req: Request) {
  const res = req.res;
  if (!res || res.headersSent) return;
  const status = deps.overlay.viewStatus(ctx.overlay);
  res.setHeader('ytk-overlay-version', String(status.version));
  res.setHeader('ytk-overlay-age-ms', String(status.ageMs));
  if (status.pending !== undefined)
    res.setHeader('ytk-overlay-pending', String(status.pending));
  if (status.findingsVersion !== undefined)
    res.setHeader(
      'ytk-overlay-findings-version',
      String(status.findingsVersion),
    );
}

/** The same view for credentials that did not come with a request (actions). */
export async function callerContext(
  deps: RouterDeps,
  credentials: BackstageCredentials,
): Promise<RequestContext> {
  const [overlayDecision] = await deps.permissions.authorize(
    [{ permission: ytkOverlayReadPermission }],
    { credentials },
  );
  if (overlayDecision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError('Not allowed to read the network overlay');
  }
  const [policyDecision] = await deps.permissions.authorizeConditional(
    [{ permission: ytkPolicyReadPermission }],
    { credentials },
  );
  const overlay = deps.overlay.current();
  const [claims, owners] = await Promise.all([
    deps.teams.claimsOf(credentials),
    deps.teams.owners(overlay),
  ]);
  const mine = ownedBy(owners, claims);

  const subjects = deps.overlay.policySubjects(overlay);
  const teamsOf = policyTeamsMemo(subjects, owners);
  const policyTeams = (p: Policy) => {
    let teams = teamsOf.get(p.id);
    if (!teams)
      teamsOf.set(
        p.id,
        (teams = [
          ...new Set(
            (subjects.get(p.id) ?? []).flatMap(w => {
              const t = owners.get(w)?.team;
              return t ? [t] : [];
            }),
          ),
        ]),
      );
    // A copy: callers may keep or change what they get.
    return [...teams];
  };
  const authorizer = createConditionAuthorizer(
    deps.permissionsRegistry.getPermissionRuleset(ytkPolicyResourceRef),
  );
  const canReadObject = (resource: YtkPolicyResource) => {
    if (policyDecision.result === AuthorizeResult.ALLOW) return true;
    if (policyDecision.result === AuthorizeResult.DENY) return false;
    return authorizer(policyDecision, resource);
  };
  // The resource (its teams) is built only for a conditional decision.
  const canReadPolicy = (p: Policy) =>
    policyDecision.result === AuthorizeResult.ALLOW ||
    (policyDecision.result !== AuthorizeResult.DENY &&
      canReadObject({
        id: p.id,
        cluster: p.cluster,
        namespace: p.namespace,
        teams: policyTeams(p),
      }));
  return {
    credentials,
    overlay,
    claims,
    owners,
    mine,
    subjects,
    policyTeams,
    canReadPolicy,
    canReadObject,
    readsEveryPolicy: policyDecision.result === AuthorizeResult.ALLOW,
  };
}
