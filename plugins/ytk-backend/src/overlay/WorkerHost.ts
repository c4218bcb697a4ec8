import { Worker } from 'node:worker_threads';
import { WORKER_BOOTSTRAP, type WorkerScript } from './workerScript';

/** After this many crashes the worker is not started again: the work stays on the main thread. */
export const MAX_WORKER_CRASHES = 3;

/**
 * One reused worker thread of a script (LintRunner's and ViewRunner's): started on demand,
 * never keeping the process alive while idle, and replaced after a crash until
 * MAX_WORKER_CRASHES. What to do with replies and crashes is the runner's.
 */
export class WorkerHost<Reply> {
  private worker?: Worker;
  private crashCount = 0;

  constructor(
    private readonly script: WorkerScript | undefined,
    private readonly handlers: {
      reply(reply: Reply): void;
      /** The worker died (error or exit); `crashes` counts them so far. */
      crash(error: unknown, crashes: number): void;
    },
  ) {}

  /** A script exists and the worker has not crashed too often. */
  get usable(): boolean {
    return !!this.script && this.crashCount < MAX_WORKER_CRASHES;
  }

  /** Whether a worker is running now (a new one has none of the previous one's state). */
  get alive(): boolean {
    return this.worker !== undefined;
  }

  /** Sends a message, starting the worker first if needed; throws when it cannot be cloned. */
  post(message: unknown): void {
    this.ensure().postMessage(message);
  }

  /** A busy worker keeps the process alive (a pending job); an idle one does not. */
  busy(busy: boolean): void {
    if (busy) this.worker?.ref();
    else this.worker?.unref();
  }

  async terminate(): Promise<void> {
    const w = this.worker;
    this.worker = undefined; // its exit is not a crash
    if (w) await w.terminate();
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(WORKER_BOOTSTRAP, {
      eval: true,
      workerData: this.script,
    });
    // Idle, it must not keep the process (or a test run) alive.
    w.unref();
    w.on('message', (reply: Reply) => this.handlers.reply(reply));
    w.on('error', e => this.crashed(w, e));
    w.on('exit', code => this.crashed(w, new Error(`exited with ${code}`)));
    this.worker = w;
    return w;
  }

  private crashed(w: Worker, e: unknown) {
    if (this.worker !== w) return; // already replaced, or terminated
    this.worker = undefined;
    this.crashCount++;
    this.handlers.crash(e, this.crashCount);
  }
}
