import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ClusterSnapshot } from '@ytknetwork/common';
import type { DerivedViews } from './derivedViews';
import { SnapshotSender } from './snapshotChannel';
import type { ViewReply, ViewRequest } from './viewProtocol';
import { MAX_WORKER_CRASHES, WorkerHost } from './WorkerHost';
import { workerScript, type WorkerScript } from './workerScript';

export interface ViewJob {
  version: number;
  /** The snapshots the version was built from. */
  snapshots: ClusterSnapshot[];
  /** The same derivation on this thread: used when the worker is unavailable or crashed. */
  inProcess: () => DerivedViews;
}

/** Derives an overlay version's views; undefined when a newer job superseded this one. */
export interface ViewComputer {
  compute(job: ViewJob): Promise<DerivedViews | undefined>;
  close(): Promise<void>;
}

interface Queued {
  job: ViewJob;
  resolve: (v: DerivedViews | undefined) => void;
  reject: (e: unknown) => void;
}

/**
 * Derives views in one reused worker thread, one version at a time, so a large overlay's
 * connectivity (a second of CPU and more) does not block the event loop. Of the versions that
 * arrive while one is running only the newest waits; the others are answered `undefined`. As
 * LintRunner: a crashed or missing worker means the work runs on this thread, never an error or
 * a hang.
 */
export class ViewRunner implements ViewComputer {
  private readonly worker: WorkerHost<ViewReply>;
  private readonly sender = new SnapshotSender();
  private running?: Queued & { id: number };
  private waiting?: Queued;
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly logger: LoggerService,
    /** The worker's script (default this package's viewWorker); null: none, derive here. */
    options: { script?: WorkerScript | null } = {},
  ) {
    const script =
      options.script === undefined
        ? workerScript('viewWorker')
        : (options.script ?? undefined);
    this.worker = new WorkerHost<ViewReply>(script, {
      reply: reply => this.onReply(reply),
      crash: (e, crashes) => this.onCrash(e, crashes),
    });
  }

  /** Whether views are derived off this thread (false once disabled or without a worker script). */
  get available(): boolean {
    return !this.closed && this.worker.usable;
  }

  compute(job: ViewJob): Promise<DerivedViews | undefined> {
    if (!this.available) return Promise.resolve().then(job.inProcess);
    return new Promise((resolve, reject) => {
      this.waiting?.resolve(undefined);
      this.waiting = { job, resolve, reject };
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const running = this.running;
    this.running = undefined;
    await this.worker.terminate();
    running?.resolve(undefined);
    this.waiting?.resolve(undefined);
    this.waiting = undefined;
  }

  private pump() {
    if (this.running || !this.waiting) return;
    const next = this.waiting;
    this.waiting = undefined;
    if (!this.available) {
      this.settleInProcess(next);
      return;
    }
    const id = this.nextId++;
    // A new worker holds no snapshots yet.
    if (!this.worker.alive) this.sender.reset();
    try {
      const { payload, sent } = this.sender.payload(
        next.job.version,
        next.job.snapshots,
      );
      const req: ViewRequest = { id, payload };
      this.worker.post(req);
      sent();
    } catch (e) {
      this.logger.warn(`ytk: cannot send overlay views to the worker: ${e}`);
      this.settleInProcess(next);
      this.pump();
      return;
    }
    this.running = { ...next, id };
    this.worker.busy(true); // a pending derivation keeps the process alive
  }

  private onReply(reply: ViewReply) {
    const r = this.running;
    if (!r || r.id !== reply.id) return;
    this.running = undefined;
    if (!this.waiting) this.worker.busy(false);
    if (reply.error !== undefined) {
      // A bug in the derivation, not the worker: the same on this thread would fail alike.
      // (Or the worker lost track of the snapshots it holds: the next version carries all.)
      this.sender.reset();
      this.logger.warn(
        `ytk: overlay views of version ${r.job.version} failed in the worker: ${reply.error}`,
      );
      this.settleInProcess(r);
    } else r.resolve(reply.views);
    this.pump();
  }

  private onCrash(e: unknown, crashes: number) {
    this.logger.error(
      `ytk: overlay view worker failed (${crashes}/${MAX_WORKER_CRASHES}), deriving on the main thread: ${e}`,
    );
    const r = this.running;
    this.running = undefined;
    if (r) this.settleInProcess(r);
    this.pump();
  }

  private settleInProcess(q: Queued) {
    try {
      q.resolve(q.job.inProcess());
    } catch (e) {
      q.reject(e);
    }
  }
}
