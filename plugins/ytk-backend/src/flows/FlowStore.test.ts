import fs from 'node:fs';
import path from 'node:path';
import { TestDatabases } from '@backstage/backend-test-utils';
import { FlowAggregator, type ObservedFlow } from '@ytknetwork/common';
import { pgTestConnection } from '../peering/testing';
import { FlowStore } from './FlowStore';
import { flowsFromJsonpb } from './__testUtils__/hubbleTestServer';

// The real PostgreSQL of this machine and CI; TestDatabases reads the env.
process.env.BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING ??=
  pgTestConnection();

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_16'],
  disableDocker: true,
});

const FIXTURE = flowsFromJsonpb(
  fs.readFileSync(path.join(__dirname, '__fixtures__', 'east.jsonl'), 'utf8'),
);
const at = (flows: ObservedFlow[], iso: string) =>
  flows.map((f, i) => ({
    ...f,
    time: new Date(Date.parse(iso) + i * 1000).toISOString(),
  }));
const aggregate = (flows: ObservedFlow[]) =>
  new FlowAggregator({ version: 1, clusters: [] }, { defaultCluster: 'east' })
    .addAll(flows)
    .drain().aggregates;

describe('FlowStore', () => {
  it('runs on both databases', () => {
    expect(databases.eachSupportedId().map(([id]) => id)).toEqual([
      'SQLITE_3',
      'POSTGRES_16',
    ]);
  });

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    let store: FlowStore;
    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      store = await FlowStore.create({ knex });
    }, 60_000);

    it('merges flushes by key: counts add up, first/last seen widen, the later attribution wins', async () => {
      const early = aggregate(at(FIXTURE, '2026-12-07T01:00:00.000Z'));
      const late = aggregate(at(FIXTURE, '2026-12-07T01:10:00.000Z'));
      expect(early.map(a => a.count).sort()).toEqual([2, 4]);
      await store.merge('east', early);
      await store.merge('east', late);
      // Out of order: an older flush after a newer one changes neither last seen nor attribution.
      await store.merge('east', early);
      const { rows, truncated } = await store.list({
        fromMs: Date.parse('2026-12-07T00:00:00Z'),
        limit: 10,
      });
      expect(truncated).toBe(false);
      expect(
        rows.map(r => [
          r.cluster,
          r.verdict,
          r.port,
          r.count,
          r.firstSeen,
          r.lastSeen,
        ]),
      ).toEqual([
        // Newest last flow first. api → pay:9090 dropped: flows 2 and 5 of each batch.
        [
          'east',
          'DROPPED',
          9090,
          6,
          '2026-12-07T01:00:02.000Z',
          '2026-12-07T01:10:05.000Z',
        ],
        // pay → api:8080 forwarded: flows 0, 1, 3, 4.
        [
          'east',
          'FORWARDED',
          8080,
          12,
          '2026-12-07T01:00:00.000Z',
          '2026-12-07T01:10:04.000Z',
        ],
      ]);
      expect(rows[0]).toMatchObject({
        dropReason: 'POLICY_DENIED',
        type: 'L3_L4',
        sample: { source: { namespace: 'shop', podName: 'api-7d9f-x1' } },
      });
      expect(rows[0].attribution.classification).toBe('unknown-endpoint');
    });

    it('keeps clusters apart and filters by endpoint, verdict and window', async () => {
      await store.merge(
        'west',
        aggregate(at(FIXTURE, '2026-12-07T02:00:00.000Z')),
      );
      const all = await store.list({ fromMs: 0, limit: 10 });
      expect(all.rows.map(r => `${r.cluster}:${r.verdict}`).sort()).toEqual([
        'east:DROPPED',
        'east:FORWARDED',
        'west:DROPPED',
        'west:FORWARDED',
      ]);
      const src = all.rows.find(r => r.verdict === 'DROPPED')!.source;
      const drops = await store.list({
        fromMs: Date.parse('2026-12-07T01:30:00Z'),
        verdicts: ['DROPPED'],
        endpoints: [src],
        limit: 10,
      });
      expect(drops.rows.map(r => [r.cluster, r.count])).toEqual([['west', 2]]);
      // Many endpoints are filtered after the query: the same answer.
      const many = await store.list({
        fromMs: Date.parse('2026-12-07T01:30:00Z'),
        verdicts: ['DROPPED'],
        endpoints: [src, ...Array.from({ length: 600 }, (_, i) => `x/${i}`)],
        limit: 10,
      });
      expect(many.rows.map(r => [r.cluster, r.count])).toEqual([['west', 2]]);
      const one = await store.list({ fromMs: 0, limit: 1 });
      expect(one).toMatchObject({ truncated: true });
      expect(one.rows).toHaveLength(1);
      expect(
        (await store.list({ fromMs: 0, endpoints: [], limit: 5 })).rows,
      ).toEqual([]);
    });

    it('prunes aggregates whose last flow is before the cut-off', async () => {
      const n = await store.prune(Date.parse('2026-12-07T01:30:00Z'));
      expect(n).toBe(2);
      const left = await store.list({ fromMs: 0, limit: 10 });
      expect(left.rows.map(r => r.cluster)).toEqual(['west', 'west']);
    });

    it('lets one caller claim the replay of a recorded file', async () => {
      expect(await store.claimReplay('east', 'a'.repeat(64))).toBe(true);
      expect(await store.claimReplay('east', 'a'.repeat(64))).toBe(false);
      expect(await store.claimReplay('west', 'a'.repeat(64))).toBe(true);
    });
  });
});
