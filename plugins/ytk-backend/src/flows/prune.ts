import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { durationToMilliseconds, type HumanDuration } from '@backstage/types';
import type { FlowStore } from './FlowStore';

export const FLOW_PRUNE_TASK_ID = 'ytk-flows-prune';

/**
 * Deletes the aggregates whose last flow is older than `ytk.flows.retention`, every
 * `ytk.flows.pruneInterval`, on one instance of the backend at a time (the scheduler's lock in
 * the database), like the peering expiry.
 */
export async function scheduleFlowPruning(deps: {
  scheduler: SchedulerService;
  store: FlowStore;
  logger: LoggerService;
  retention: HumanDuration;
  frequency: HumanDuration;
  now?: () => number;
}) {
  const retentionMs = durationToMilliseconds(deps.retention);
  await deps.scheduler.scheduleTask({
    id: FLOW_PRUNE_TASK_ID,
    frequency: deps.frequency,
    timeout: { minutes: 10 },
    initialDelay: { seconds: 30 },
    fn: async () => {
      const cut = (deps.now ?? Date.now)() - retentionMs;
      const n = await deps.store.prune(cut);
      if (n)
        deps.logger.info(
          `ytk: pruned ${n} observed-flow aggregate(s) last seen before ${new Date(cut).toISOString()}`,
        );
    },
  });
}
