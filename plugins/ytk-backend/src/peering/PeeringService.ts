import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  generatePeeringPolicies,
  PeeringGenerationError,
  validatePeeringRequest,
  type Overlay,
  type PeeringRequestInput,
  type WorkloadRef,
} from '@ytknetwork/common';
import type { ClusterConfig, PeeringConfig } from '../config';
import type { OverlayService } from '../overlay/OverlayService';
import type { WorkloadOwner } from '../teams/TeamService';
import { applyPolicies, errorMessage } from './applier';
import { noNotifier, type PeeringNotifier } from './notifier';
import { removeAppliedPolicies, type RemoveResult } from './remove';
import { isExpired, TRANSITIONS, type PeeringAction } from './states';
import type {
  ApplyResult,
  AuditEntry,
  PeeringRecord,
  PeeringStore,
} from './store';

/** Who is asking, resolved once per HTTP request. */
export interface PeeringCaller {
  ref: string;
  claims: string[];
  overlay: Overlay;
  owners: Map<WorkloadRef, WorkloadOwner>;
  /** Holds ytk.peering.admin. */
  admin: boolean;
}

export type PeeringView = 'mine' | 'incoming' | 'all';

/** What POST /peering/preview answers: the request as it would be stored, without an id. */
export interface PeeringPreview extends Pick<
  PeeringRecord,
  | 'from'
  | 'to'
  | 'targets'
  | 'ports'
  | 'reason'
  | 'expiresAt'
  | 'requesterTeam'
  | 'targetTeam'
  | 'generatedYaml'
  | 'policies'
  | 'diff'
> {
  /** The generated policies open exactly the requested flows in this overlay version. */
  verification: { ok: true; overlayVersion: number };
}

/** Policy names and labels of a preview carry this instead of the request id. */
export const PREVIEW_ID = 'preview';

export interface PeeringServiceDeps {
  store: PeeringStore;
  overlay: OverlayService;
  config: { peering: PeeringConfig; clusters: ClusterConfig[] };
  logger: LoggerService;
  /** Notifications to owners and requesters (none when absent). */
  notifier?: PeeringNotifier;
  /** The clock (tests). */
  now?: () => Date;
}

export interface PeeringDetail extends PeeringRecord {
  audit: AuditEntry[];
  /** What the caller may do now (for the UI's buttons). */
  allowedActions: PeeringAction[];
}

/**
 * The peering workflow: create (validate, generate, verify, store), review, apply. Permission
 * checks of the framework happen in the route; the team checks that depend on the request
 * itself (who owns the source, who owns the target) happen here.
 */
export class PeeringService {
  static create(deps: PeeringServiceDeps) {
    return new PeeringService(deps);
  }

  private constructor(private readonly deps: PeeringServiceDeps) {}

  private now() {
    return this.deps.now?.() ?? new Date();
  }

  private get notifier() {
    return this.deps.notifier ?? noNotifier;
  }

  /**
   * Everything create checks and generates, nothing stored: validation, ownership of the
   * source, no open duplicate, generation and verification.
   */
  private async prepare(
    input: PeeringRequestInput,
    caller: PeeringCaller,
    id: string,
  ) {
    const { overlay, owners } = caller;
    const { request, errors } = validatePeeringRequest(
      input,
      overlay,
      this.now(),
    );
    if (!request) {
      throw new InputError(
        `Invalid peering request: ${errors.map(e => `${e.field}: ${e.message}`).join('; ')}`,
      );
    }
    const requesterTeam = owners.get(request.from)?.team;
    if (!requesterTeam || !caller.claims.includes(requesterTeam)) {
      throw new NotAllowedError(
        `${request.from} is not owned by one of your teams`,
      );
    }
    const existing = await this.deps.store.findOpen(
      request.from,
      request.to,
      request.ports,
    );
    if (existing)
      throw new ConflictError(
        `An open peering request (${existing.id}) already asks for this`,
      );
    let generated;
    try {
      generated = generatePeeringPolicies(request, overlay, {
        requestId: id,
      });
    } catch (e) {
      if (e instanceof PeeringGenerationError) {
        if (e.code === 'already-allowed')
          throw new ConflictError(`Already allowed: ${e.message}`);
        throw new InputError(
          `Cannot generate policies (${e.code}): ${e.message}`,
        );
      }
      throw e;
    }
    const targetTeam = request.targets
      .map(t => owners.get(t)?.team)
      .find(Boolean);
    // What a preview shows and a created request stores.
    return {
      from: request.from,
      to: request.to,
      targets: request.targets,
      ports: request.ports,
      reason: request.reason,
      expiresAt: request.expiresAt,
      requesterTeam,
      targetTeam,
      generatedYaml: generated.yaml,
      policies: generated.policies,
      diff: generated.diff,
    };
  }

  /** The create checks and the generated policies, diff and verification; stores nothing. */
  async preview(
    input: PeeringRequestInput,
    caller: PeeringCaller,
  ): Promise<PeeringPreview> {
    return {
      ...(await this.prepare(input, caller, PREVIEW_ID)),
      verification: { ok: true, overlayVersion: caller.overlay.version },
    };
  }

  async create(
    input: PeeringRequestInput,
    caller: PeeringCaller,
  ): Promise<PeeringRecord> {
    const id = randomUUID();
    const record = await this.deps.store.insert(
      {
        id,
        ...(await this.prepare(input, caller, id)),
        requester: caller.ref,
      },
      caller.ref,
    );
    await this.notifier.created(record);
    return record;
  }

  async list(view: PeeringView, caller: PeeringCaller) {
    if (view === 'all') {
      if (!caller.admin)
        throw new NotAllowedError('Only peering admins may list all requests');
      return this.deps.store.list({});
    }
    if (view === 'incoming')
      return this.deps.store.list({ targetTeams: caller.claims });
    return this.deps.store.list({
      requester: caller.ref,
      requesterTeams: caller.claims,
    });
  }

  private canSee(r: PeeringRecord, caller: PeeringCaller): boolean {
    return (
      caller.admin ||
      r.requester === caller.ref ||
      [r.requesterTeam, r.targetTeam].some(t => t && caller.claims.includes(t))
    );
  }

  private isApprover(r: PeeringRecord, caller: PeeringCaller) {
    return !!r.targetTeam && caller.claims.includes(r.targetTeam);
  }

  private isRequester(r: PeeringRecord, caller: PeeringCaller) {
    return (
      r.requester === caller.ref ||
      (!!r.requesterTeam && caller.claims.includes(r.requesterTeam))
    );
  }

  private isApplier(r: PeeringRecord, caller: PeeringCaller) {
    const by = this.deps.config.peering.applyBy;
    return by === 'approver'
      ? this.isApprover(r, caller)
      : caller.claims.includes(by);
  }

  async get(id: string, caller: PeeringCaller): Promise<PeeringDetail> {
    const r = await this.deps.store.get(id);
    // Not visible is reported as not found: ids of other teams' requests are not disclosed.
    if (!r || !this.canSee(r, caller))
      throw new NotFoundError(`No peering request ${id}`);
    const allowedActions: PeeringAction[] = [];
    const expired = isExpired(r, this.now());
    if (r.state === 'requested' && this.isApprover(r, caller))
      allowedActions.push(...(expired ? [] : (['approve'] as const)), 'reject');
    if (
      TRANSITIONS.cancel.from.includes(r.state) &&
      this.isRequester(r, caller)
    )
      allowedActions.push('cancel');
    if (
      ((r.state === 'approved' && !expired) || r.state === 'applied') &&
      this.isApplier(r, caller)
    )
      allowedActions.push('apply');
    return { ...r, audit: await this.deps.store.audit(id), allowedActions };
  }

  /** approve / reject (target owners) and cancel (requester). */
  async review(
    id: string,
    action: 'approve' | 'reject' | 'cancel',
    caller: PeeringCaller,
    options: { comment?: string; version?: number },
  ): Promise<PeeringRecord> {
    const r = await this.visible(id, caller);
    const allowed =
      action === 'cancel'
        ? this.isRequester(r, caller)
        : this.isApprover(r, caller);
    if (!allowed)
      throw new NotAllowedError(
        action === 'cancel'
          ? 'Only the requester may cancel a peering request'
          : `Only owners of the target (${r.targetTeam ?? 'no owner'}) may ${action} this request`,
      );
    if (action === 'approve') this.refuseExpired(r, action);
    const t = TRANSITIONS[action];
    const done = await this.deps.store.transition(id, {
      from: t.from,
      to: t.to,
      version: options.version ?? r.version,
      actor: caller.ref,
      action,
      comment: options.comment,
    });
    if (action !== 'cancel') await this.notifier.decided(done, caller.ref);
    return done;
  }

  /** An expired request can no longer be approved or applied. */
  private refuseExpired(r: PeeringRecord, action: string) {
    if (isExpired(r, this.now()))
      throw new ConflictError(
        `Peering request ${r.id} expired at ${r.expiresAt}; it cannot be ${action === 'apply' ? 'applied' : 'approved'} any more`,
      );
  }

  /**
   * Applies an approved request per `ytk.peering.mode`. A retried apply of an applied request
   * returns its recorded result; a partial failure lands in `failed`, never `applied`, after
   * what the other clusters accepted has been rolled back.
   */
  async apply(
    id: string,
    caller: PeeringCaller,
    options: { comment?: string; version?: number },
  ): Promise<PeeringRecord> {
    const r = await this.visible(id, caller);
    if (!this.isApplier(r, caller))
      throw new NotAllowedError(
        `Only ${this.deps.config.peering.applyBy === 'approver' ? `owners of the target (${r.targetTeam ?? 'no owner'})` : this.deps.config.peering.applyBy} may apply this request`,
      );
    if (r.state === 'applied') return r;
    if (r.state !== 'approved')
      throw new ConflictError(
        `Peering request ${id} is ${r.state}; only an approved request can be applied`,
      );
    if (options.version !== undefined && options.version !== r.version)
      throw new ConflictError(
        `Peering request ${id} is at version ${r.version}, not ${options.version}`,
      );
    this.refuseExpired(r, 'apply');
    const result = await applyPolicies(r.policies, {
      mode: this.deps.config.peering.mode,
      clusters: this.deps.config.clusters,
    });
    const done = await this.deps.store.transition(id, {
      from: ['approved'],
      to: result.ok ? 'applied' : 'failed',
      version: r.version,
      actor: caller.ref,
      action: 'apply',
      comment: result.ok ? options.comment : await this.rollBack(r, result),
      applyResult: result,
    });
    if (result.ok && result.mode === 'apply') this.watchForPolicies(done);
    await this.notifier.decided(done, caller.ref);
    return done;
  }

  /**
   * After a failed apply: deletes what earlier clusters accepted, so no half of a peering (an
   * egress allow without its ingress) stays in force. Records per cluster what was rolled back
   * in `result` and returns the audit comment: the apply's error and the rollback's outcome.
   */
  private async rollBack(r: PeeringRecord, result: ApplyResult) {
    let comment = result.error ?? 'apply failed';
    const touched = result.clusters.filter(
      c => c.mode === 'apply' && c.created.length,
    );
    if (!touched.length) return comment;
    let removal: RemoveResult;
    try {
      removal = await removeAppliedPolicies(r.policies, result, {
        clusters: this.deps.config.clusters,
      });
    } catch (e) {
      // e.g. no kubeconfig for a cluster any more: nothing was removed.
      removal = {
        ok: false,
        removed: [],
        removedByCluster: {},
        error: errorMessage(e),
      };
    }
    const inCluster = (c: string) => (x: string) => `${x} (${c})`;
    for (const c of touched)
      c.rolledBack = removal.removedByCluster[c.cluster] ?? [];
    const rolledBack = touched.flatMap(c =>
      c.rolledBack!.map(inCluster(c.cluster)),
    );
    const left = touched.flatMap(c =>
      c.created
        .filter(x => !c.rolledBack!.includes(x))
        .map(inCluster(c.cluster)),
    );
    if (rolledBack.length) comment += `; rolled back ${rolledBack.join(', ')}`;
    if (!removal.ok) {
      result.rollbackError = removal.error;
      comment += `; rollback failed: ${removal.error}`;
      this.deps.logger.warn(
        `ytk: peering request ${r.id} failed to apply and its rollback failed, ${left.join(', ')} may still be in force: ${removal.error}`,
      );
    }
    // Kept because relabelled (someone else's now), or not removed because the rollback failed.
    if (left.length) comment += `; left in place ${left.join(', ')}`;
    return comment;
  }

  /**
   * The expiry task: every request past `expiresAt` that is still open or applied becomes
   * `expired`. Policies an apply created (mode `apply`) are deleted first; if a cluster refuses,
   * the request stays `applied` (it is still in force) and the next run tries again.
   */
  async expireDue(actor = 'ytk:expiry'): Promise<{
    expired: string[];
    failed: Array<{ id: string; error: string }>;
  }> {
    const now = this.now();
    const due = (
      await this.deps.store.list({ states: TRANSITIONS.expire.from })
    ).filter(r => isExpired(r, now));
    const out = {
      expired: [] as string[],
      failed: [] as Array<{ id: string; error: string }>,
    };
    for (const r of due) {
      let comment = `expired at ${r.expiresAt}`;
      if (r.state === 'applied' && r.applyResult?.mode === 'apply') {
        const removal = await removeAppliedPolicies(r.policies, r.applyResult, {
          clusters: this.deps.config.clusters,
        });
        if (!removal.ok) {
          this.deps.logger.warn(
            `ytk: peering request ${r.id} expired but its policies could not be removed: ${removal.error}`,
          );
          out.failed.push({ id: r.id, error: removal.error ?? 'unknown' });
          continue;
        }
        if (removal.removed.length)
          comment += `; removed ${removal.removed.join(', ')}`;
      } else if (r.state === 'applied') {
        // export / dry-run created nothing here: whoever applied the YAML removes it.
        comment += `; ${r.applyResult?.mode ?? 'export'} mode: remove the exported policies by hand`;
      }
      try {
        const done = await this.deps.store.transition(r.id, {
          from: [r.state],
          to: 'expired',
          version: r.version,
          actor,
          action: 'expire',
          comment,
        });
        out.expired.push(r.id);
        await this.notifier.decided(done, actor);
      } catch (e) {
        // Moved on meanwhile (a reviewer acted): the next run looks again.
        out.failed.push({ id: r.id, error: String(e) });
      }
    }
    return out;
  }

  private async visible(id: string, caller: PeeringCaller) {
    const r = await this.deps.store.get(id);
    if (!r || !this.canSee(r, caller))
      throw new NotFoundError(`No peering request ${id}`);
    return r;
  }

  /** Best effort: record verifiedAt once the live overlay shows every generated policy. */
  private watchForPolicies(r: PeeringRecord) {
    const present = (o: Overlay) =>
      r.policies.every(p =>
        o.clusters
          .find(c => c.name === p.cluster)
          ?.policies.some(
            x =>
              x.kind === p.object.kind &&
              x.namespace === p.namespace &&
              x.name === p.object.metadata.name,
          ),
      );
    const mark = () =>
      this.deps.store
        .markVerified(r.id)
        .catch(e =>
          this.deps.logger.warn(`ytk: could not mark ${r.id} verified: ${e}`),
        );
    if (present(this.deps.overlay.current())) {
      mark();
      return;
    }
    // Give up quietly after ten minutes: verification is informative only.
    let stop = () => {};
    const timer = setTimeout(() => stop(), 10 * 60_000);
    stop = this.deps.overlay.onChange(o => {
      if (!present(o)) return;
      stop();
      clearTimeout(timer);
      mark();
    });
    timer.unref?.();
  }
}
