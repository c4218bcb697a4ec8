import type { ClusterSnapshot, Overlay } from '@ytknetwork/common';
import { overlayOf, toPayload, type LintPayload } from './lintPayload';

type Resources = ClusterSnapshot['resources'];

/**
 * The main thread's side of one worker's snapshots: which resources (by identity: a source
 * emits a new array only when its cluster changed) the worker holds of each cluster, so a
 * version travels as the clusters that changed. A watch event touches one cluster of ten;
 * cloning all ten blocked the event loop for tens of milliseconds per version and worker.
 */
export class SnapshotSender {
  private held = new Map<string, Resources>();

  /**
   * The payload of a version for the worker. Call `sent()` once it is posted: a payload that
   * never reached the worker must not count as held.
   */
  payload(
    version: number,
    snapshots: ClusterSnapshot[],
  ): { payload: LintPayload; sent: () => void } {
    const payload = toPayload(
      version,
      snapshots,
      s => this.held.get(s.name) === s.resources,
    );
    return {
      payload,
      sent: () => {
        this.held = new Map(snapshots.map(s => [s.name, s.resources]));
      },
    };
  }

  /** The worker was replaced, or may have lost track: the next payload carries every cluster. */
  reset(): void {
    this.held.clear();
  }
}

/**
 * The worker's side: the resources of every cluster as of the last payload, so one sent
 * without them is rebuilt from what is held. A payload naming a cluster it does not hold
 * fails (the main thread then resets its sender) and leaves what is held as it was.
 */
export class SnapshotReceiver {
  private held = new Map<string, Resources>();

  overlayOf(payload: LintPayload): {
    overlay: Overlay;
    snapshots: ClusterSnapshot[];
  } {
    const built = overlayOf(payload, name => this.held.get(name));
    this.held = new Map(built.snapshots.map(s => [s.name, s.resources]));
    return built;
  }
}
