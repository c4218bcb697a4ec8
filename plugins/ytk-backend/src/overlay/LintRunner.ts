import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ClusterSnapshot, Finding } from '@ytknetwork/common';
import type { StoredPostureReport } from '../posture/postureView';
import type { PostureScope } from '../posture/storedReport';
import { SnapshotSender } from './snapshotChannel';
import type { LintReply, LintRequest } from './lintProtocol';
import { MAX_WORKER_CRASHES, WorkerHost } from './WorkerHost';
import { workerScript } from './workerScript';

export interface LintJob {
  version: number;
  cluster: string;
  /** The snapshots the version was built from. */
  snapshots: ClusterSnapshot[];
  /** The same lint on this thread: used when the worker is unavailable or crashed. */
  inProcess: () => Finding[];
}

/** A posture scope assessed over a version, with that version's findings of every cluster. */
export interface PostureJob {
  version: number;
  scope: PostureScope;
  snapshots: ClusterSnapshot[];
  /** The same assessment on this thread: used when the worker is unavailable or crashed. */
  inProcess: () => StoredPostureReport;
}

type Job = LintJob | PostureJob;

/** The lint itself failed (a bug in a rule or in the engine), not the worker. */
export class LintFailedError extends Error {
  name = 'LintFailedError';
}

interface Queued<J extends Job = Job> {
  job: J;
  resolve: (result: ReturnType<J['inProcess']>) => void;
  reject: (e: unknown) => void;
}

const isLint = (q: Queued): q is Queued<LintJob> => 'cluster' in q.job;

/**
 * Runs lint in one reused worker thread, so a large cluster's lint (seconds of CPU) does not
 * block the event loop. Jobs run one at a time, in order; a queued lint superseded by a newer
 * version of the same cluster is answered by that newer job. Posture assessments queue behind
 * the lint of their version, whose findings the worker keeps (lintWorker). A crashed or missing
 * worker means the work on this thread — slower for everyone, but never an error or a hang.
 */
export class LintRunner {
  private readonly worker = new WorkerHost<LintReply>(
    workerScript('lintWorker'),
    {
      reply: reply => this.onReply(reply),
      crash: (e, crashes) => this.onCrash(e, crashes),
    },
  );
  /** The version whose snapshots the running worker holds. */
  private workerVersion?: number;
  private running?: Queued & { id: number };
  private readonly queue: Queued[] = [];
  private readonly sender = new SnapshotSender();
  private nextId = 1;
  private closed = false;

  constructor(private readonly logger: LoggerService) {}

  /** Whether lint runs off this thread (false once disabled or when no worker script exists). */
  get available(): boolean {
    return !this.closed && this.worker.usable;
  }

  lint(job: LintJob): Promise<Finding[]> {
    return this.enqueue(job);
  }

  /** A posture scope's report over the job's version, assessed in the worker after its lint. */
  posture(job: PostureJob): Promise<StoredPostureReport> {
    return this.enqueue(job);
  }

  private enqueue<J extends Job>(job: J): Promise<ReturnType<J['inProcess']>> {
    if (!this.available)
      return Promise.resolve().then(
        () => job.inProcess() as ReturnType<J['inProcess']>,
      );
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject } as unknown as Queued);
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const running = this.running;
    this.running = undefined;
    await this.worker.terminate();
    // Nothing waits forever: what was running or left runs here.
    for (const q of [...(running ? [running] : []), ...this.queue.splice(0)])
      this.settleInProcess(q);
  }

  private pump() {
    if (this.running) return;
    const next = this.queue.shift();
    if (!next) return;
    // Superseded: a newer version of this cluster is queued; its result answers this one too.
    const newer = isLint(next)
      ? this.queue.find(
          q =>
            isLint(q) &&
            q.job.cluster === next.job.cluster &&
            q.job.version > next.job.version,
        )
      : undefined;
    if (newer) {
      const { resolve, reject } = newer;
      newer.resolve = f => {
        next.resolve(f);
        resolve(f);
      };
      newer.reject = e => {
        next.reject(e);
        reject(e);
      };
      this.pump();
      return;
    }
    if (!this.available) {
      this.settleInProcess(next);
      this.pump();
      return;
    }
    // A new worker holds no snapshots yet.
    if (!this.worker.alive) {
      this.workerVersion = undefined;
      this.sender.reset();
    }
    const id = this.nextId++;
    const req: LintRequest = isLint(next)
      ? { id, version: next.job.version, cluster: next.job.cluster }
      : {
          id,
          version: next.job.version,
          posture: (next.job as PostureJob).scope,
        };
    try {
      let sent: (() => void) | undefined;
      if (this.workerVersion !== next.job.version) {
        const p = this.sender.payload(next.job.version, next.job.snapshots);
        req.payload = p.payload;
        sent = p.sent;
      }
      this.worker.post(req);
      if (sent) {
        sent();
        this.workerVersion = next.job.version;
      }
    } catch (e) {
      // e.g. an object that cannot be cloned: this job is linted here, the worker stays.
      this.workerVersion = undefined;
      this.logger.warn(`ytk: cannot send a lint job to the worker: ${e}`);
      this.settleInProcess(next);
      this.pump();
      return;
    }
    this.running = { ...next, id };
    this.worker.busy(true); // a pending lint keeps the process alive
  }

  private onReply(reply: LintReply) {
    const r = this.running;
    if (!r || r.id !== reply.id) return;
    this.running = undefined;
    if (!this.queue.length) this.worker.busy(false);
    if (reply.error !== undefined) {
      // Maybe the worker lost track of what it holds: the next job carries every cluster.
      this.workerVersion = undefined;
      this.sender.reset();
      r.reject(new LintFailedError(reply.error));
    } else r.resolve(reply.findings ?? reply.report);
    this.pump();
  }

  private onCrash(e: unknown, crashes: number) {
    this.logger.error(
      `ytk: lint worker failed (${crashes}/${MAX_WORKER_CRASHES}), linting on the main thread: ${e}`,
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
      q.reject(new LintFailedError(String(e)));
    }
  }
}
