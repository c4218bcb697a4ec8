import type { PostureCounts, PostureHistoryEntry } from '@ytknetwork/common';
import type { Knex } from 'knex';
import { migrateYtkDatabase } from '../database/migrations';

const HISTORY = 'ytk_posture_history';

/** What the store keeps per team: the newest `maxEntries` rows, none older than `maxAgeMs`. */
export interface PostureRetention {
  maxEntries: number;
  maxAgeMs: number;
}

function toEntry(row: any): PostureHistoryEntry {
  return {
    overlayVersion: Number(row.overlay_version),
    catalogueVersion: row.catalogue_version,
    at: row.at,
    counts: {
      met: Number(row.met),
      partly: Number(row.partly),
      notMet: Number(row.not_met),
      unknown: Number(row.unknown),
    },
  };
}

const sameCounts = (a: PostureCounts, b: PostureCounts) =>
  a.met === b.met &&
  a.partly === b.partly &&
  a.notMet === b.notMet &&
  a.unknown === b.unknown;

/** Per-team posture summaries in the plugin database, newest last, bounded by the retention. */
export class PostureHistoryStore {
  static async create(deps: {
    knex: Knex;
    retention: PostureRetention;
    skipMigrations?: boolean;
  }): Promise<PostureHistoryStore> {
    await migrateYtkDatabase(deps.knex, { skip: deps.skipMigrations });
    return new PostureHistoryStore(deps.knex, deps.retention);
  }

  private constructor(
    private readonly db: Knex,
    readonly retention: PostureRetention,
  ) {}

  /**
   * Stores a team's summary unless it equals the team's newest row (an unchanged posture adds
   * nothing), then drops what the retention no longer keeps. True when a row was added.
   */
  async record(team: string, entry: PostureHistoryEntry): Promise<boolean> {
    const added = await this.db.transaction(async tx => {
      const last = await tx(HISTORY)
        .where({ team })
        .orderBy('id', 'desc')
        .first();
      if (
        last &&
        last.catalogue_version === entry.catalogueVersion &&
        sameCounts(toEntry(last).counts, entry.counts)
      )
        return false;
      await tx(HISTORY).insert({
        team,
        overlay_version: entry.overlayVersion,
        catalogue_version: entry.catalogueVersion,
        at: entry.at,
        met: entry.counts.met,
        partly: entry.counts.partly,
        not_met: entry.counts.notMet,
        unknown: entry.counts.unknown,
      });
      return true;
    });
    await this.prune(team, new Date(entry.at));
    return added;
  }

  /** A team's entries, newest first. */
  async list(team: string, limit: number): Promise<PostureHistoryEntry[]> {
    const rows = await this.db(HISTORY)
      .where({ team })
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.map(toEntry);
  }

  private async prune(team: string, now: Date): Promise<void> {
    const oldest = new Date(now.getTime() - this.retention.maxAgeMs);
    await this.db(HISTORY)
      .where({ team })
      .andWhere('at', '<', oldest.toISOString())
      .delete();
    // The id of the newest row past the count: it and everything older goes.
    const cut = await this.db(HISTORY)
      .where({ team })
      .orderBy('id', 'desc')
      .offset(this.retention.maxEntries)
      .first('id');
    if (cut)
      await this.db(HISTORY)
        .where({ team })
        .andWhere('id', '<=', cut.id)
        .delete();
  }
}
