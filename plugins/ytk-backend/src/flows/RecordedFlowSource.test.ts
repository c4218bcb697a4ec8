import path from 'node:path';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { ObservedFlow } from '@ytknetwork/common';
import { FlowHealth } from './FlowHealth';
import { FlowStore } from './FlowStore';
import { rebaseTimes, RecordedFlowSource } from './RecordedFlowSource';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const WEST = path.join(__dirname, '__fixtures__', 'west.jsonl');
const NOW = Date.parse('2026-12-07T12:00:00Z');

describe('RecordedFlowSource', () => {
  let store: FlowStore;
  beforeAll(async () => {
    store = await FlowStore.create({
      knex: await databases.init('SQLITE_3'),
    });
  });

  const source = (file: string, got: ObservedFlow[][]) => {
    const health = new FlowHealth('recorded', 'recorded');
    const s = new RecordedFlowSource({
      cluster: 'west',
      file,
      health,
      store,
      logger: mockServices.logger.mock(),
      sink: async flows => {
        got.push(flows);
      },
      now: () => NOW,
    });
    return { s, health };
  };

  it('replays the flows once per database, times moved to now, bad lines as located problems', async () => {
    const got: ObservedFlow[][] = [];
    const first = source(WEST, got);
    await first.s.start();
    expect(got).toHaveLength(1);
    expect(got[0].map(f => f.time)).toEqual([
      '2026-12-07T11:59:58.000Z',
      '2026-12-07T11:59:59.000Z',
      '2026-12-07T12:00:00.000Z',
    ]);
    expect(first.s.inputProblems()).toEqual([
      expect.objectContaining({
        code: 'hubble-flow-invalid',
        severity: 'warning',
        file: 'west.jsonl',
        line: 3,
        path: ['flow', 'l4', 'TCP', 'destination_port'],
      }),
    ]);
    expect(first.health.view()).toMatchObject({
      state: 'recorded',
      flowsSeen: 3,
      inputProblems: 1,
      lastFlowTime: '2026-12-07T12:00:00.000Z',
    });
    // A restart on the same database (or a second replica): not counted again.
    const again = source(WEST, got);
    await again.s.start();
    expect(got).toHaveLength(1);
    expect(again.health.view()).toMatchObject({
      state: 'recorded',
      flowsSeen: 3,
    });
  });

  it('reports a file it cannot read as an input problem', async () => {
    const got: ObservedFlow[][] = [];
    const { s, health } = source(path.join(__dirname, 'no-such.jsonl'), got);
    await s.start();
    expect(got).toEqual([]);
    expect(s.inputProblems()).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: 'no-such.jsonl',
        message: expect.stringMatching(
          /cannot read the recorded flows: ENOENT/,
        ),
      }),
    ]);
    expect(health.view()).toMatchObject({
      state: 'recorded',
      inputProblems: 1,
    });
  });

  it('rebases keeping the spacing, and leaves flows without a time alone', () => {
    const flows: ObservedFlow[] = [
      { time: '2026-01-01T00:00:00.000Z' },
      {},
      { time: '2026-01-01T01:00:00.000Z' },
    ];
    expect(rebaseTimes(flows, NOW)).toEqual([
      { time: '2026-12-07T11:00:00.000Z' },
      {},
      { time: '2026-12-07T12:00:00.000Z' },
    ]);
    expect(rebaseTimes([{}], NOW)).toEqual([{}]);
  });
});
