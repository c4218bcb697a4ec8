import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { decodeHubbleFlows, type ObservedFlow } from '@ytknetwork/common';
import type { InputProblem } from '../sources/inputProblems';
import type { FlowHealth } from './FlowHealth';
import type { FlowStore } from './FlowStore';

export const FLOW_DECODE_PROBLEM = 'hubble-flow-invalid';

/**
 * The flows with their times shifted so that the newest is `now` (spacing kept): a recording
 * from last week shows as recent traffic in the demo, inside the retention and the default window.
 */
export function rebaseTimes(
  flows: ObservedFlow[],
  now: number,
): ObservedFlow[] {
  let newest = -Infinity;
  for (const f of flows) {
    const t = f.time ? Date.parse(f.time) : NaN;
    if (t > newest) newest = t;
  }
  if (!Number.isFinite(newest)) return flows;
  const shift = now - newest;
  return flows.map(f => {
    const t = f.time ? Date.parse(f.time) : NaN;
    return Number.isNaN(t)
      ? f
      : { ...f, time: new Date(t + shift).toISOString() };
  });
}

/**
 * Replays a recorded `hubble observe -o jsonpb` file once (demos, offline): decoded with the
 * engine's decoder, lines that are not flows reported as input problems with file and line, the
 * flows handed to aggregation with their times rebased to now. A file is replayed once per
 * database (by content digest), so a restart or a second replica does not count it again.
 */
export class RecordedFlowSource {
  private problems: InputProblem[] = [];

  constructor(
    private readonly o: {
      cluster: string;
      file: string;
      health: FlowHealth;
      store: FlowStore;
      logger: LoggerService;
      sink: (flows: ObservedFlow[]) => Promise<void>;
      now?: () => number;
    },
  ) {}

  inputProblems(): InputProblem[] {
    return this.problems;
  }

  async start(): Promise<void> {
    const { cluster, file, health, logger } = this.o;
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      health.recorded(1);
      this.problems = [
        {
          code: FLOW_DECODE_PROBLEM,
          severity: 'error',
          message: `cannot read the recorded flows: ${(e as Error).message}`,
          path: [],
          file: path.basename(file),
        },
      ];
      logger.warn(
        `ytk: recorded flows of cluster ${cluster}: ${(e as Error).message}`,
      );
      return;
    }
    const decoded = decodeHubbleFlows(text);
    this.problems = decoded.errors.map(err => ({
      code: FLOW_DECODE_PROBLEM,
      severity: 'warning',
      message: err.message,
      path: err.field ? err.field.split('.') : [],
      file: path.basename(file),
      line: err.line,
    }));
    const flows = rebaseTimes(
      decoded.flows.map(f => f.flow),
      (this.o.now ?? Date.now)(),
    );
    for (const f of flows) health.flowSeen(f.time);
    health.recorded(this.problems.length);
    const digest = createHash('sha256').update(text).digest('hex');
    if (!(await this.o.store.claimReplay(cluster, digest))) {
      logger.info(
        `ytk: recorded flows of cluster ${cluster} (${path.basename(file)}) were replayed into this database before; not counted again`,
      );
      return;
    }
    await this.o.sink(flows);
    logger.info(
      `ytk: replayed ${flows.length} recorded flows of cluster ${cluster} (${path.basename(file)}), ${this.problems.length} line(s) with problems`,
    );
  }
}
