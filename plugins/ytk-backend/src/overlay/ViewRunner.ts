import { Worker } from 'node:worker_threads';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { DerivedViews } from './derivedViews';
import type { LintPayload } from './lintPayload';
import type { ViewReply, ViewRequest } from './viewProtocol';
import {
  WORKER_BOOTSTRAP,
  workerScript,
  type WorkerScript,
} from './workerScript';

export interface ViewJob {
  version: number;
  /** The version's snapshots for the worker. */
  payload: () => LintPayload;
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

/** After this many crashes the worker is not started again: views are derived on this thread. */
const MAX_CRASHES = 3;

/**
 * Derives views in one reused worker thread, one version at a time, so a large overlay's
 * connectivity (a second of CPU and more) does not block the event loop. Of the versions that
 * arrive while one is running only the newest waits; the others are answered `undefined`. As
 * LintRunner: a crashed or missing worker means the work runs on this thread, never an error or
 * a hang.
 */
export class ViewRunner implements ViewComputer {
  private worker?: Worker;
  private running?: Queued & { id: number };
  private waiting?: Queued;
  private nextId = 1;
  private crashes = 0;
  private closed = false;

  private readonly script?: WorkerScript;

  constructor(
    private readonly logger: LoggerService,
    /** The worker's script (default this package's viewWorker); null: none, derive here. */
    options: { script?: WorkerScript | null } = {},
  ) {
    this.script =
      options.script === undefined
        ? workerScript('viewWorker')
        : (options.script ?? undefined);
  }

  /** Whether views are derived off this thread (false once disabled or without a worker script). */
  get available(): boolean {
    return !!this.script && !this.closed && this.crashes < MAX_CRASHES;
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
    const w = this.worker;
    this.worker = undefined;
    const running = this.running;
    this.running = undefined;
    if (w) await w.terminate();
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
    const worker = this.ensureWorker();
    const id = this.nextId++;
    try {
      const req: ViewRequest = { id, payload: next.job.payload() };
      worker.postMessage(req);
    } catch (e) {
      this.logger.warn(`ytk: cannot send overlay views to the worker: ${e}`);
      this.settleInProcess(next);
      this.pump();
      return;
    }
    this.running = { ...next, id };
    worker.ref(); // busy: a pending derivation keeps the process alive
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(WORKER_BOOTSTRAP, {
      eval: true,
      workerData: this.script,
    });
    // Idle, it must not keep the process (or a test run) alive.
    w.unref();
    w.on('message', (reply: ViewReply) => this.onReply(reply));
    w.on('error', e => this.onCrash(w, e));
    w.on('exit', code => this.onCrash(w, new Error(`exited with ${code}`)));
    this.worker = w;
    return w;
  }

  private onReply(reply: ViewReply) {
    const r = this.running;
    if (!r || r.id !== reply.id) return;
    this.running = undefined;
    if (!this.waiting) this.worker?.unref();
    if (reply.error !== undefined) {
      // A bug in the derivation, not the worker: the same on this thread would fail alike.
      this.logger.warn(
        `ytk: overlay views of version ${r.job.version} failed in the worker: ${reply.error}`,
      );
      this.settleInProcess(r);
    } else r.resolve(reply.views);
    this.pump();
  }

  private onCrash(w: Worker, e: unknown) {
    if (this.worker !== w) return; // already replaced, or terminated by close()
    this.worker = undefined;
    this.crashes++;
    this.logger.error(
      `ytk: overlay view worker failed (${this.crashes}/${MAX_CRASHES}), deriving on the main thread: ${e}`,
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
