import { createHash } from 'node:crypto';
import type { FlowAggregate } from '@ytknetwork/common';
import type { Knex } from 'knex';
import { migrateYtkDatabase } from '../database/migrations';

const T = 'ytk_flow_aggregates';
const REPLAYS = 'ytk_flow_replays';
/** Rows per INSERT: 17 columns each stay well under SQLite's bound-parameter limit. */
const CHUNK = 50;
/** More endpoints than this are filtered after the query instead of in a WHERE … IN. */
const MAX_IN = 500;

/** A stored aggregate and the cluster whose Hubble reported it. */
export type StoredAggregate = FlowAggregate & { cluster: string };

export interface FlowQuery {
  /** Epoch ms: aggregates whose last flow is at or after this. */
  fromMs: number;
  /** Epoch ms: aggregates whose first flow is at or before this. */
  toMs?: number;
  /** Either end is one of these endpoint keys. */
  endpoints?: string[];
  verdicts?: string[];
  /** Most rows returned, newest last flow first. */
  limit: number;
}

const ms = (iso: string | undefined) => {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
};

/** pg returns bigint columns as strings. */
const num = (v: unknown) =>
  v === null || v === undefined ? undefined : Number(v);

function toRow(cluster: string, a: FlowAggregate) {
  return {
    cluster,
    key_hash: createHash('sha256').update(a.key).digest('hex'),
    bucket: a.bucket ?? null,
    source: a.source.slice(0, 512),
    destination: a.destination.slice(0, 512),
    protocol: a.protocol,
    port: a.port,
    verdict: a.verdict,
    drop_reason: a.dropReason,
    type: a.type,
    count: a.count,
    first_seen: a.firstSeen ?? null,
    last_seen: a.lastSeen ?? null,
    first_seen_ms: ms(a.firstSeen),
    last_seen_ms: ms(a.lastSeen),
    attribution: JSON.stringify(a.attribution),
    sample: JSON.stringify(a.sample),
  };
}

function fromRow(r: any): StoredAggregate {
  const out: StoredAggregate = {
    cluster: r.cluster,
    key: r.key_hash,
    source: r.source,
    destination: r.destination,
    protocol: r.protocol,
    port: Number(r.port),
    verdict: r.verdict,
    dropReason: r.drop_reason,
    type: r.type,
    count: num(r.count) ?? 0,
    attribution: JSON.parse(r.attribution),
    sample: JSON.parse(r.sample),
  };
  if (r.bucket) out.bucket = r.bucket;
  if (r.first_seen) out.firstSeen = r.first_seen;
  if (r.last_seen) out.lastSeen = r.last_seen;
  return out;
}

/**
 * Flow aggregates in the plugin database (docs/observed-flows.md). A flush merges by key: counts
 * add up, first/last seen widen, the attribution and sample of the later flow win. Raw flows are
 * never stored. Works the same on SQLite and PostgreSQL (ON CONFLICT … DO UPDATE on both).
 */
export class FlowStore {
  static async create(deps: {
    knex: Knex;
    skipMigrations?: boolean;
  }): Promise<FlowStore> {
    await migrateYtkDatabase(deps.knex, { skip: deps.skipMigrations });
    return new FlowStore(deps.knex);
  }

  private constructor(private readonly db: Knex) {}

  /** Adds a flush of one cluster's aggregates to the stored rows. */
  async merge(cluster: string, aggregates: FlowAggregate[]): Promise<void> {
    if (!aggregates.length) return;
    // Two aggregates of one key in one statement would conflict with each other: fold them first.
    const rows = new Map<string, ReturnType<typeof toRow>>();
    for (const a of aggregates) {
      const r = toRow(cluster, a);
      const have = rows.get(r.key_hash);
      if (!have) {
        rows.set(r.key_hash, r);
        continue;
      }
      have.count += r.count;
      if (
        r.first_seen_ms !== null &&
        (have.first_seen_ms === null || r.first_seen_ms < have.first_seen_ms)
      ) {
        have.first_seen_ms = r.first_seen_ms;
        have.first_seen = r.first_seen;
      }
      if (
        r.last_seen_ms !== null &&
        (have.last_seen_ms === null || r.last_seen_ms >= have.last_seen_ms)
      ) {
        have.last_seen_ms = r.last_seen_ms;
        have.last_seen = r.last_seen;
        have.attribution = r.attribution;
        have.sample = r.sample;
      }
    }
    const later = `excluded.last_seen_ms IS NOT NULL AND (${T}.last_seen_ms IS NULL OR excluded.last_seen_ms >= ${T}.last_seen_ms)`;
    const earlier = `excluded.first_seen_ms IS NOT NULL AND (${T}.first_seen_ms IS NULL OR excluded.first_seen_ms < ${T}.first_seen_ms)`;
    const pick = (cond: string, col: string) =>
      this.db.raw(
        `CASE WHEN ${cond} THEN excluded.${col} ELSE ${T}.${col} END`,
      );
    const all = [...rows.values()];
    await this.db.transaction(async tx => {
      for (let i = 0; i < all.length; i += CHUNK) {
        await tx(T)
          .insert(all.slice(i, i + CHUNK))
          .onConflict(['cluster', 'key_hash'])
          .merge({
            count: tx.raw(`${T}.count + excluded.count`),
            first_seen: pick(earlier, 'first_seen'),
            first_seen_ms: pick(earlier, 'first_seen_ms'),
            last_seen: pick(later, 'last_seen'),
            last_seen_ms: pick(later, 'last_seen_ms'),
            attribution: pick(later, 'attribution'),
            sample: pick(later, 'sample'),
          } as any);
      }
    });
  }

  /** Aggregates in a window, optionally touching given endpoints; newest first. */
  async list(
    q: FlowQuery,
  ): Promise<{ rows: StoredAggregate[]; truncated: boolean }> {
    const query = this.db(T)
      .where(w =>
        w.where('last_seen_ms', '>=', q.fromMs).orWhereNull('last_seen_ms'),
      )
      .orderBy([
        { column: 'last_seen_ms', order: 'desc' },
        { column: 'id', order: 'asc' },
      ]);
    if (q.toMs !== undefined) {
      const to = q.toMs;
      query.where(w =>
        w.where('first_seen_ms', '<=', to).orWhereNull('first_seen_ms'),
      );
    }
    if (q.verdicts?.length) query.whereIn('verdict', q.verdicts);
    const endpoints = q.endpoints;
    const inSql = endpoints && endpoints.length <= MAX_IN;
    if (endpoints && !endpoints.length) return { rows: [], truncated: false };
    if (inSql)
      query.where(w =>
        w.whereIn('source', endpoints).orWhereIn('destination', endpoints),
      );
    if (inSql || !endpoints) {
      const rows = (await query.limit(q.limit + 1)).map(fromRow);
      return { rows: rows.slice(0, q.limit), truncated: rows.length > q.limit };
    }
    // Many endpoints: stream the window and filter here.
    const set = new Set(endpoints);
    const out: StoredAggregate[] = [];
    for (const r of await query) {
      if (!set.has(r.source) && !set.has(r.destination)) continue;
      if (out.length === q.limit) return { rows: out, truncated: true };
      out.push(fromRow(r));
    }
    return { rows: out, truncated: false };
  }

  /** Deletes aggregates whose last flow is older than `beforeMs`; returns how many. */
  async prune(beforeMs: number): Promise<number> {
    return this.db(T).where('last_seen_ms', '<', beforeMs).delete();
  }

  /**
   * Claims the replay of a recorded file (by content digest) for a cluster: true for the first
   * caller in this database, false after (another instance or an earlier start replayed it).
   */
  async claimReplay(cluster: string, digest: string): Promise<boolean> {
    try {
      await this.db(REPLAYS).insert({
        cluster,
        digest,
        at: new Date().toISOString(),
      });
      return true;
    } catch (e) {
      const err = e as { code?: string; message?: string };
      if (
        err?.code === '23505' || // PostgreSQL
        err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
        /UNIQUE constraint failed/.test(String(err?.message))
      )
        return false;
      throw e;
    }
  }
}
