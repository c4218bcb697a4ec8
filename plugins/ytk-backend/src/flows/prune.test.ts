import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { SchedulerService } from '@backstage/backend-plugin-api';
import { FlowAggregator, type ObservedFlow } from '@ytknetwork/common';
import { FlowStore } from './FlowStore';
import { FLOW_PRUNE_TASK_ID, scheduleFlowPruning } from './prune';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const flow = (time: string, port: number): ObservedFlow => ({
  time,
  verdict: 'FORWARDED',
  Type: 'L3_L4',
  l4: { TCP: { destinationPort: port } },
  source: { namespace: 'shop', podName: 'web-1', labels: ['k8s:app=web'] },
  destination: { namespace: 'shop', podName: 'api-1', labels: ['k8s:app=api'] },
});

describe('scheduleFlowPruning', () => {
  it('schedules a task that deletes the aggregates older than the retention', async () => {
    const knex = await databases.init('SQLITE_3');
    const store = await FlowStore.create({ knex });
    const now = Date.parse('2026-12-07T12:00:00Z');
    const agg = new FlowAggregator(
      { version: 1, clusters: [] },
      {
        bucketMs: 3_600_000,
      },
    );
    // 9 days, 6 days and 1 hour old.
    agg.add(flow('2026-11-28T12:00:00Z', 1));
    agg.add(flow('2026-12-01T12:00:00Z', 2));
    agg.add(flow('2026-12-07T11:00:00Z', 3));
    await store.merge('east', agg.drain().aggregates);

    const tasks: Parameters<SchedulerService['scheduleTask']>[0][] = [];
    const scheduler = mockServices.scheduler.mock({
      scheduleTask: async task => {
        tasks.push(task);
      },
    });
    await scheduleFlowPruning({
      scheduler,
      store,
      logger: mockServices.logger.mock(),
      retention: { days: 7 },
      frequency: { hours: 1 },
      now: () => now,
    });
    // One task, on the scheduler (one instance at a time), not a timer of this process.
    expect(tasks.map(t => [t.id, t.frequency, t.scope ?? 'global'])).toEqual([
      [FLOW_PRUNE_TASK_ID, { hours: 1 }, 'global'],
    ]);
    await tasks[0].fn(new AbortController().signal as any);
    const left = await store.list({ fromMs: 0, limit: 10 });
    expect(left.rows.map(r => r.port).sort()).toEqual([2, 3]);
  });
});
