import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { HumanDuration } from '@backstage/types';
import type { PeeringService } from './PeeringService';

export const EXPIRY_TASK_ID = 'ytk-peering-expiry';

/**
 * Runs PeeringService.expireDue every `frequency` (`ytk.peering.expiryInterval`, default one
 * minute) on one instance of the backend (the scheduler holds a lock in the database, so
 * replicas do not delete the same policies twice).
 */
export async function schedulePeeringExpiry(deps: {
  scheduler: SchedulerService;
  peering: PeeringService;
  logger: LoggerService;
  frequency: HumanDuration;
}) {
  await deps.scheduler.scheduleTask({
    id: EXPIRY_TASK_ID,
    frequency: deps.frequency,
    timeout: { minutes: 5 },
    initialDelay: { seconds: 15 },
    fn: async () => {
      const { expired, failed } = await deps.peering.expireDue();
      if (expired.length || failed.length)
        deps.logger.info(
          `ytk: peering expiry: ${expired.length} expired, ${failed.length} to retry`,
        );
    },
  });
}
