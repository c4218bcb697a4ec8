import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { PeeringRecord } from './store';

/** Who hears about a peering request, and when. */
export interface PeeringNotifier {
  /** A new request: the target team's owners. */
  created(r: PeeringRecord): Promise<void>;
  /** approve / reject / apply (applied or failed) / expire: the requester. */
  decided(r: PeeringRecord, actor: string): Promise<void>;
}

const TEXT: Partial<Record<PeeringRecord['state'], string>> = {
  approved: 'was approved',
  rejected: 'was rejected',
  applied: 'was applied',
  failed: 'failed to apply',
  expired: 'expired',
};

/**
 * Sends through the notifications service. `enabled` says whether a notifications backend is
 * there to receive them: without one, the service's default implementation would POST to a
 * plugin that does not exist, so nothing is sent. A notification never fails the transition that
 * caused it: errors are logged.
 */
export function createPeeringNotifier(deps: {
  notifications: NotificationService;
  enabled: () => Promise<boolean>;
  logger: LoggerService;
}): PeeringNotifier {
  const send = async (
    entityRef: string | undefined,
    r: PeeringRecord,
    title: string,
    description: string,
    severity: 'normal' | 'high' = 'normal',
  ) => {
    if (!entityRef) return;
    try {
      if (!(await deps.enabled())) return;
      await deps.notifications.send({
        recipients: { type: 'entity', entityRef },
        payload: {
          title,
          description,
          link: `/ytk/peering/${r.id}`,
          severity,
          topic: 'ytk-peering',
          // One notification per request and recipient, updated as the request moves on.
          scope: `ytk-peering:${r.id}`,
        },
      });
    } catch (e) {
      deps.logger.warn(
        `ytk: could not notify ${entityRef} about peering request ${r.id}: ${e}`,
      );
    }
  };
  const flow = (r: PeeringRecord) =>
    `${r.from} → ${r.targets.join(', ')} (${r.ports
      .map(p => `${p.port}${p.endPort ? `-${p.endPort}` : ''}/${p.protocol}`)
      .join(', ')})`;
  return {
    created: r =>
      send(
        r.targetTeam,
        r,
        `Peering request for ${r.targets.join(', ')}`,
        `${r.requester} asks: ${flow(r)}. Reason: ${r.reason}`,
      ),
    decided: (r, actor) =>
      send(
        r.requester,
        r,
        `Your peering request ${TEXT[r.state] ?? `is ${r.state}`}`,
        `${flow(r)} ${TEXT[r.state] ?? `is ${r.state}`} (by ${actor}).${
          r.state === 'failed' && r.applyResult?.error
            ? ` ${r.applyResult.error}`
            : ''
        }`,
        r.state === 'failed' ? 'high' : 'normal',
      ),
  };
}

/** No notifications backend: nothing is sent. */
export const noNotifier: PeeringNotifier = {
  created: async () => {},
  decided: async () => {},
};
