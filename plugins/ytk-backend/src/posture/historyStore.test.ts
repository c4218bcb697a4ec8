import { TestDatabases } from '@backstage/backend-test-utils';
import type { PostureHistoryEntry } from '@ytknetwork/common';
import { pgTestConnection } from '../peering/testing';
import { PostureHistoryStore } from './historyStore';

// The real PostgreSQL of this machine and CI (.ci/run starts it); TestDatabases reads the env.
process.env.BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING ??=
  pgTestConnection();

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_16'],
  disableDocker: true,
});

const DAY = 24 * 3600 * 1000;
const entry = (
  overlayVersion: number,
  notMet: number,
  at = new Date(Date.UTC(2026, 11, 1) + overlayVersion * 1000),
): PostureHistoryEntry => ({
  overlayVersion,
  catalogueVersion: '1.0.0',
  at: at.toISOString(),
  counts: { met: 10 - notMet, partly: 0, notMet, unknown: 0 },
});

describe('PostureHistoryStore', () => {
  it.each(databases.eachSupportedId())(
    'adds a row only when the summary changes and keeps the newest maxEntries, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await PostureHistoryStore.create({
        knex,
        retention: { maxEntries: 3, maxAgeMs: 30 * DAY },
      });
      const team = 'group:default/a';
      expect(await store.record(team, entry(1, 2))).toBe(true);
      // The same summary at a later version: nothing new to show.
      expect(await store.record(team, entry(2, 2))).toBe(false);
      for (const [v, n] of [
        [3, 1],
        [4, 0],
        [5, 1],
      ])
        expect(await store.record(team, entry(v, n))).toBe(true);
      // Another team's rows are its own.
      await store.record('group:default/b', entry(1, 5));
      const rows = await store.list(team, 100);
      expect(rows.map(r => r.overlayVersion)).toEqual([5, 4, 3]);
      expect(rows[0]).toEqual(entry(5, 1));
      expect(await store.list(team, 2)).toHaveLength(2);
      expect(
        (await store.list('group:default/b', 100)).map(r => r.counts.notMet),
      ).toEqual([5]);
    },
  );

  it.each(databases.eachSupportedId())(
    'drops rows older than maxAge, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await PostureHistoryStore.create({
        knex,
        retention: { maxEntries: 100, maxAgeMs: 30 * DAY },
      });
      const team = 'group:default/a';
      const now = Date.UTC(2026, 11, 7);
      await store.record(team, entry(1, 3, new Date(now - 40 * DAY)));
      await store.record(team, entry(2, 2, new Date(now - 20 * DAY)));
      await store.record(team, entry(3, 1, new Date(now)));
      expect((await store.list(team, 100)).map(r => r.overlayVersion)).toEqual([
        3, 2,
      ]);
    },
  );
});
