import type { PeeringState } from '@ytknetwork/common';

// The states (and their order: requested → approved → applied | …) are the engine's PeeringState.
export type { PeeringState };

export type PeeringAction =
  'create' | 'approve' | 'reject' | 'cancel' | 'apply' | 'expire';

/** States in which a duplicate request is refused. */
export const OPEN_STATES: PeeringState[] = ['requested', 'approved'];

/** For each action: the states it may start from and the state it leads to. */
export const TRANSITIONS: Record<
  Exclude<PeeringAction, 'create' | 'apply'>,
  { from: PeeringState[]; to: PeeringState }
> = {
  approve: { from: ['requested'], to: 'approved' },
  reject: { from: ['requested'], to: 'rejected' },
  // A requester may withdraw an approved request too, as long as it is not applied.
  cancel: { from: ['requested', 'approved'], to: 'cancelled' },
  // Past expiresAt: open requests close, applied ones lose their policies (mode apply).
  expire: { from: ['requested', 'approved', 'applied'], to: 'expired' },
};

/** True once `expiresAt` (if any) is not in the future. */
export function isExpired(
  r: { expiresAt?: string },
  now: Date = new Date(),
): boolean {
  return !!r.expiresAt && Date.parse(r.expiresAt) <= now.getTime();
}
