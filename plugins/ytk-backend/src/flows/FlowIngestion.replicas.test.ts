/*
 * Two backend instances (replicas) over one database and one Hubble Relay: only the holder of
 * the cluster's lease streams, so each flow is stored once; the other serves the holder's health;
 * when the holder stops, the other takes over.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { ObservedFlow } from '@ytknetwork/common';
import { readYtkConfig } from '../config';
import { pgTestConnection } from '../peering/testing';
import { OverlayService } from '../overlay/OverlayService';
import { FlowIngestion } from './FlowIngestion';
import { FlowLease } from './FlowLease';
import { FlowStore } from './FlowStore';
import {
  flowsFromJsonpb,
  startHubbleTestServer,
} from './__testUtils__/hubbleTestServer';
import { waitFor } from './__testUtils__/waitFor';

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
const recent = (tag: string): ObservedFlow[] =>
  FIXTURE.map((f, i) => ({
    ...f,
    uuid: `${tag}-${i}`,
    time: new Date(Date.now() - 10_000 + i).toISOString(),
  }));

describe.each(databases.eachSupportedId())(
  'FlowIngestion with two replicas on %p',
  databaseId => {
    it('streams each cluster on one instance, serves its health on the other, and hands over', async () => {
      const relay = await startHubbleTestServer();
      const knex = await databases.init(databaseId);
      const store = await FlowStore.create({ knex });
      const logger = mockServices.logger.mock();
      const config = readYtkConfig(
        new ConfigReader({
          ytk: {
            clusters: [
              {
                name: 'east',
                source: 'manifests',
                path: 'unused',
                hubble: { address: relay.address },
              },
            ],
            flows: {
              flushInterval: { milliseconds: 100 },
              reconnect: { minMs: 20, maxMs: 100 },
            },
          },
        }),
      );
      const overlay = OverlayService.create({ sources: [], logger });
      const replica = (id: string) =>
        new FlowIngestion({
          config,
          store,
          overlay,
          logger,
          lease: new FlowLease(knex, id),
          leaseTtlMs: 600,
        });
      const a = replica('a');
      const b = replica('b');
      try {
        await a.start();
        await waitFor(
          'a streaming',
          () => relay.streams(),
          n => n === 1,
        );
        await b.start();
        const standby = await waitFor(
          'b serving the holder health',
          () => b.health('east'),
          h => h.standby === true && h.state === 'connected',
        );
        expect(standby.flowsSeen).toBe(0);
        expect(relay.streams()).toBe(1);

        relay.push(recent('x'));
        const stored = async () =>
          (await store.list({ fromMs: 0, limit: 10 })).rows
            .map(r => r.count)
            .sort();
        await waitFor('six flows stored once', stored, c => c.join() === '2,4');
        expect(a.health('east')).toMatchObject({ flowsSeen: 6 });
        expect(b.health('east').flowsSeen).toBeLessThanOrEqual(6);

        // The holder stops (a rolling restart): it releases the lease, b takes over.
        await a.stop();
        await waitFor(
          'b streaming',
          () => ({ streams: relay.streams(), b: b.health('east') }),
          v => v.streams === 1 && v.b.state === 'connected' && !v.b.standby,
        );
        relay.push(recent('y'));
        await waitFor('twelve flows stored', stored, c => c.join() === '4,8');
      } finally {
        await b.stop();
        await a.stop();
        await relay.stop();
      }
    });
  },
);
