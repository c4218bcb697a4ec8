import { createHash, randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type {
  ConnectivityDiff,
  GeneratedPolicy,
  PeeringRequestInput,
  WorkloadRef,
} from '@ytknetwork/common';
import type { Knex } from 'knex';
import { migrateYtkDatabase } from '../database/migrations';
import { OPEN_STATES, type PeeringAction, type PeeringState } from './states';

export interface ApplyResult {
  mode: 'export' | 'dry-run' | 'apply';
  ok: boolean;
  at: string;
  /** Per cluster: what was sent and what the cluster said. */
  clusters: Array<{
    cluster: string;
    mode: 'export' | 'dry-run' | 'apply';
    ok: boolean;
    /** `kind namespace/name` of each object the cluster accepted. */
    created: string[];
    /**
     * After a failed apply: which of `created` were deleted again (or were already gone). An
     * object missing here is still in the cluster (the rollback failed, or someone relabelled it).
     */
    rolledBack?: string[];
    error?: string;
  }>;
  /** The policies of exported clusters (mode export, or clusters read from manifests): apply them by hand or GitOps. */
  yaml?: string;
  error?: string;
  /** After a failed apply: why rolling back `created` did not fully succeed. */
  rollbackError?: string;
}

export interface PeeringRecord {
  id: string;
  from: WorkloadRef;
  to: PeeringRequestInput['to'];
  targets: WorkloadRef[];
  ports: PeeringRequestInput['ports'];
  reason: string;
  expiresAt?: string;
  requester: string;
  requesterTeam?: string;
  targetTeam?: string;
  state: PeeringState;
  version: number;
  generatedYaml: string;
  policies: GeneratedPolicy[];
  diff: ConnectivityDiff;
  applyResult?: ApplyResult;
  verifiedAt?: string;
  createdAt: string;
  updatedAt: string;
}

export interface AuditEntry {
  id: number;
  requestId: string;
  actor: string;
  action: PeeringAction;
  at: string;
  beforeState?: PeeringState;
  afterState: PeeringState;
  comment?: string;
}

export type NewPeering = Omit<
  PeeringRecord,
  'id' | 'state' | 'version' | 'createdAt' | 'updatedAt' | 'applyResult'
> & { id?: string };

const REQUESTS = 'ytk_peering_requests';
const AUDIT = 'ytk_peering_audit';

/** pg returns json columns parsed, SQLite as text. */
function json<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

/** Same from, target and ports (in any order) → same key. */
export function openKey(
  from: string,
  to: PeeringRequestInput['to'],
  ports: PeeringRequestInput['ports'],
): string {
  const sorted = [...ports]
    .map(p => `${p.protocol}/${p.port}-${p.endPort ?? p.port}`)
    .sort();
  return createHash('sha256')
    .update(JSON.stringify([from, to, sorted]))
    .digest('hex');
}

function toRecord(row: any): PeeringRecord {
  return {
    id: row.id,
    from: row.from_ref,
    to: json(row.target),
    targets: json(row.targets),
    ports: json(row.ports),
    reason: row.reason,
    expiresAt: row.expires_at ?? undefined,
    requester: row.requester,
    requesterTeam: row.requester_team ?? undefined,
    targetTeam: row.target_team ?? undefined,
    state: row.state,
    version: Number(row.version),
    generatedYaml: row.generated_yaml,
    policies: json(row.policies),
    diff: json(row.diff),
    applyResult: row.apply_result ? json(row.apply_result) : undefined,
    verifiedAt: row.verified_at ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return (
    err?.code === '23505' || // PostgreSQL
    err?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/.test(String(err?.message))
  );
}

/**
 * Peering requests and their audit trail. Every transition is a compare-and-set on
 * (state, version) inside a transaction that also appends the audit entry.
 */
export class PeeringStore {
  static async create(deps: {
    knex: Knex;
    skipMigrations?: boolean;
  }): Promise<PeeringStore> {
    await migrateYtkDatabase(deps.knex, { skip: deps.skipMigrations });
    return new PeeringStore(deps.knex);
  }

  private constructor(private readonly db: Knex) {}

  async insert(input: NewPeering, actor: string): Promise<PeeringRecord> {
    const id = input.id ?? randomUUID();
    const now = new Date().toISOString();
    try {
      await this.db.transaction(async tx => {
        await tx(REQUESTS).insert({
          id,
          from_ref: input.from,
          target: JSON.stringify(input.to),
          targets: JSON.stringify(input.targets),
          ports: JSON.stringify(input.ports),
          reason: input.reason,
          expires_at: input.expiresAt ?? null,
          requester: input.requester,
          requester_team: input.requesterTeam ?? null,
          target_team: input.targetTeam ?? null,
          state: 'requested',
          version: 1,
          generated_yaml: input.generatedYaml,
          policies: JSON.stringify(input.policies),
          diff: JSON.stringify(input.diff),
          open_key: openKey(input.from, input.to, input.ports),
          created_at: now,
          updated_at: now,
        });
        await tx(AUDIT).insert({
          request_id: id,
          actor,
          action: 'create',
          at: now,
          before_state: null,
          after_state: 'requested',
        });
      });
    } catch (e) {
      if (isUniqueViolation(e))
        throw new ConflictError(
          `An open peering request from ${input.from} for the same target and ports already exists`,
        );
      throw e;
    }
    return (await this.get(id))!;
  }

  async get(id: string): Promise<PeeringRecord | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined; // pg rejects a malformed uuid
    const row = await this.db(REQUESTS).where({ id }).first();
    return row ? toRecord(row) : undefined;
  }

  async findOpen(
    from: string,
    to: PeeringRequestInput['to'],
    ports: PeeringRequestInput['ports'],
  ): Promise<PeeringRecord | undefined> {
    const row = await this.db(REQUESTS)
      .where({ open_key: openKey(from, to, ports) })
      .first();
    return row ? toRecord(row) : undefined;
  }

  /** Requests where any of the filters match (all when no filter is given). */
  async list(filter: {
    requester?: string;
    requesterTeams?: string[];
    targetTeams?: string[];
    states?: PeeringState[];
  }): Promise<PeeringRecord[]> {
    const q = this.db(REQUESTS).orderBy('created_at', 'desc');
    const { requester, requesterTeams, targetTeams } = filter;
    if (requester || requesterTeams || targetTeams) {
      q.where(w => {
        if (requester) w.orWhere('requester', requester);
        if (requesterTeams?.length)
          w.orWhereIn('requester_team', requesterTeams);
        if (targetTeams?.length) w.orWhereIn('target_team', targetTeams);
        if (!requester && !requesterTeams?.length && !targetTeams?.length)
          w.whereRaw('1 = 0');
      });
    }
    if (filter.states?.length) q.whereIn('state', filter.states);
    return (await q).map(toRecord);
  }

  async audit(id: string): Promise<AuditEntry[]> {
    const rows = await this.db(AUDIT)
      .where({ request_id: id })
      .orderBy('id', 'asc');
    return rows.map(r => ({
      id: Number(r.id),
      requestId: r.request_id,
      actor: r.actor,
      action: r.action,
      at: r.at,
      beforeState: r.before_state ?? undefined,
      afterState: r.after_state,
      comment: r.comment ?? undefined,
    }));
  }

  /**
   * Moves a request from one of `from` to `to` if its version is still `version`; the loser
   * of a race (or a stale client) gets ConflictError.
   */
  async transition(
    id: string,
    change: {
      from: PeeringState[];
      to: PeeringState;
      version: number;
      actor: string;
      action: PeeringAction;
      comment?: string;
      applyResult?: ApplyResult;
    },
  ): Promise<PeeringRecord> {
    const now = new Date().toISOString();
    const updated = await this.db.transaction(async tx => {
      const current = await tx(REQUESTS).where({ id }).first();
      if (!current) throw new NotFoundError(`No peering request ${id}`);
      const n = await tx(REQUESTS)
        .where({ id, version: change.version })
        .whereIn('state', change.from)
        .update({
          state: change.to,
          version: change.version + 1,
          updated_at: now,
          ...(OPEN_STATES.includes(change.to) ? {} : { open_key: null }),
          ...(change.applyResult
            ? { apply_result: JSON.stringify(change.applyResult) }
            : {}),
        });
      if (n === 0) return undefined;
      await tx(AUDIT).insert({
        request_id: id,
        actor: change.actor,
        action: change.action,
        at: now,
        before_state: current.state,
        after_state: change.to,
        comment: change.comment ?? null,
      });
      return true;
    });
    const record = await this.get(id);
    if (!updated || !record) {
      throw new ConflictError(
        `Peering request ${id} is ${record?.state} (version ${record?.version}); cannot ${change.action} it from version ${change.version}`,
      );
    }
    return record;
  }

  /** Best effort: the live overlay now shows the generated policies. */
  async markVerified(id: string, at = new Date()): Promise<void> {
    await this.db(REQUESTS)
      .where({ id })
      .whereNull('verified_at')
      .update({ verified_at: at.toISOString() });
  }
}
