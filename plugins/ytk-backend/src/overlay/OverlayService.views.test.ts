/*
 * `views: 'worker'`: a version is served once its views are derived; requests meanwhile get
 * the previous version, told which and how old. The derivation here is held by the test.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { decodeText, type ClusterSnapshot } from '@ytknetwork/common';
import type { ClusterSource, SourceHealth } from '../sources/ClusterSource';
import type { DerivedViews } from './derivedViews';
import { OverlayService } from './OverlayService';
import type { ViewComputer, ViewJob } from './ViewRunner';

class PushSource implements ClusterSource {
  private push?: (s: ClusterSnapshot) => void;
  constructor(readonly name: string) {}
  async start(onSnapshot: (s: ClusterSnapshot) => void) {
    this.push = onSnapshot;
  }
  async stop() {}
  health(): SourceHealth {
    return { state: 'connected', unavailableKinds: [] };
  }
  emit(pods: number) {
    const text = Array.from(
      { length: pods },
      (_, i) =>
        `apiVersion: v1\nkind: Pod\nmetadata: { name: p${i}, namespace: ns, labels: { app: a${i} } }\nspec: { containers: [{ name: c }] }\n`,
    ).join('---\n');
    this.push!({
      name: this.name,
      resources: decodeText(text, `mem://${this.name}`).resources,
    });
  }
}

/** A derivation the test completes by hand. */
class HeldComputer implements ViewComputer {
  readonly jobs: Array<{
    job: ViewJob;
    finish: (v: DerivedViews | undefined) => void;
    fail: (e: Error) => void;
  }> = [];
  compute(job: ViewJob) {
    return new Promise<DerivedViews | undefined>((finish, fail) =>
      this.jobs.push({ job, finish, fail }),
    );
  }
  async close() {}
}

async function until(what: string, ok: () => boolean, seen: () => unknown) {
  const end = Date.now() + 10_000;
  while (!ok()) {
    if (Date.now() > end)
      throw new Error(`${what} not reached; saw ${JSON.stringify(seen())}`);
    await new Promise(r => setTimeout(r, 5));
  }
}

describe('OverlayService with views in a worker', () => {
  let overlay: OverlayService;
  afterEach(() => overlay?.stop());

  let logger: ReturnType<typeof mockServices.logger.mock>;

  async function started() {
    const computer = new HeldComputer();
    const sources = [new PushSource('a')];
    logger = mockServices.logger.mock();
    overlay = OverlayService.create({
      sources,
      logger,
      debounceMs: 1,
      views: 'worker',
      viewComputer: computer,
    });
    await overlay.start();
    // The first version, served at once, has its views derived in the background: taken out
    // here so that each test's jobs are the versions it makes.
    const first = computer.jobs.shift()!;
    expect(first.job.version).toBe(1);
    return { computer, source: sources[0], first };
  }

  it("derives the first version's views in the worker while serving it at once", async () => {
    const { computer, first } = await started();
    expect(overlay.current().version).toBe(1);
    const views = first.job.inProcess();
    first.finish(views);
    // Installed once the derivation's promise settles (microtasks; no request asked meanwhile,
    // since asking would derive them here).
    await new Promise(r => setImmediate(r));
    expect(overlay.connectivity()).toBe(views.connectivity);
    expect(overlay.compactConnectivity()).toBe(views.compact);
    expect(overlay.connectionIndex()).toBe(views.index);
    expect(overlay.policySubjects()).toBe(views.subjects);

    // A request that derives a first version's views itself keeps them: the worker's, arriving
    // later, do not replace what answers already hold.
    await overlay.stop();
    const again = await started();
    const own = overlay.connectivity();
    const late = again.first.job.inProcess();
    again.first.finish(late);
    await new Promise(r => setImmediate(r));
    expect(overlay.connectivity()).toBe(own);
    // Nor their positions into a connectivity that is not the one answering.
    expect(overlay.compactConnectivity()).not.toBe(late.compact);
    expect(overlay.connectionIndex()).not.toBe(late.index);
    expect(computer.jobs).toHaveLength(0);
  });

  it("is ready once the first version's views are derived, or when the wait is over", async () => {
    const { first } = await started();
    let ready = false;
    const waiting = overlay.viewsReady(60_000).then(() => (ready = true));
    await new Promise(r => setImmediate(r));
    expect(ready).toBe(false);
    first.finish(first.job.inProcess());
    await waiting;
    expect(logger.warn).not.toHaveBeenCalled();

    // A derivation that does not finish delays readiness only so long, and says so.
    await overlay.stop();
    await started();
    await overlay.viewsReady(20);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        "the first overlay version's views took over 20 ms",
      ),
    );
  });

  it('serves the previous version, with its age, while the next one is derived', async () => {
    const { computer, source } = await started();
    // The first version has no previous one: served at once.
    expect(overlay.current().version).toBe(1);
    // Version 2 is built after this instant, before the 30 ms wait below.
    const emitted = Date.now();
    source.emit(2);
    await until(
      'a derivation of version 2',
      () => computer.jobs.length === 1,
      () => computer.jobs.map(j => j.job.version),
    );
    expect(computer.jobs[0].job.version).toBe(2);
    await new Promise(r => setTimeout(r, 30));
    // A request now: version 1, a newer one pending, and how long version 1 has been out.
    expect(overlay.current().version).toBe(1);
    expect(overlay.current().clusters).toEqual([]);
    const status = overlay.viewStatus();
    expect(status).toEqual({
      version: 1,
      ageMs: expect.any(Number),
      pending: 2,
    });
    expect(status.ageMs).toBeGreaterThanOrEqual(30);

    const views = computer.jobs[0].job.inProcess();
    computer.jobs[0].finish(views);
    await until(
      'version 2 served',
      () => overlay.current().version === 2,
      () => overlay.viewStatus(),
    );
    expect(overlay.current().clusters[0].workloads).toHaveLength(2);
    // The derived views are the worker's, not computed again here.
    expect(overlay.connectivity()).toBe(views.connectivity);
    expect(overlay.connectionIndex()).toBe(views.index);
    expect(overlay.policySubjects()).toBe(views.subjects);
    const served = overlay.viewStatus();
    expect(served.pending).toBeUndefined();
    // Its age counts from its build (before the 30 ms wait), not from when it was served; the
    // bounds hold however slowly this machine runs (no margin on a time difference).
    expect(served.ageMs).toBeLessThanOrEqual(Date.now() - emitted);
    expect(served.ageMs).toBeGreaterThanOrEqual(25);
  });

  it('never serves an older version after a newer one, nor a superseded one', async () => {
    const { computer, source } = await started();
    source.emit(2);
    await until(
      'job 2',
      () => computer.jobs.length === 1,
      () => 0,
    );
    source.emit(3);
    await until(
      'job 3',
      () => computer.jobs.length === 2,
      () => 0,
    );
    expect(overlay.viewStatus()).toMatchObject({ version: 1, pending: 3 });
    // Version 3 first, then version 2 late: 2 is dropped.
    computer.jobs[1].finish(computer.jobs[1].job.inProcess());
    await until(
      'version 3 served',
      () => overlay.current().version === 3,
      () => overlay.viewStatus(),
    );
    computer.jobs[0].finish(computer.jobs[0].job.inProcess());
    await new Promise(r => setTimeout(r, 20));
    expect(overlay.current().version).toBe(3);
    expect(overlay.current().clusters[0].workloads).toHaveLength(3);

    // A superseded derivation (undefined) serves nothing.
    source.emit(4);
    await until(
      'job 4',
      () => computer.jobs.length === 3,
      () => 0,
    );
    computer.jobs[2].finish(undefined);
    await new Promise(r => setTimeout(r, 20));
    expect(overlay.current().version).toBe(3);
  });

  it('answers a request from the version it captured, not a newer one served while it awaits', async () => {
    const { computer, source } = await started();
    /** Emits `pods` pods, derives the next version's views, and waits until it is served. */
    const serveNext = async (pods: number) => {
      const version = overlay.current().version + 1;
      source.emit(pods);
      await until(
        `job ${version}`,
        () => computer.jobs.length === version - 1,
        () => computer.jobs.map(j => j.job.version),
      );
      const held = computer.jobs[version - 2];
      const views = held.job.inProcess();
      held.finish(views);
      await until(
        `version ${version} served`,
        () => overlay.current().version === version,
        () => overlay.viewStatus(),
      );
      return views;
    };
    const v2 = await serveNext(2);
    // A route captures the version it answers from, then awaits (catalog, permissions).
    const captured = overlay.current();
    const index = overlay.connectionIndex(captured);
    const v3 = await serveNext(3);
    // After the await: still version 2's views, each derived once for it.
    expect(overlay.connectivity(captured)).toBe(v2.connectivity);
    expect(overlay.policySubjects(captured)).toBe(v2.subjects);
    expect(overlay.connectionIndex(captured)).toBe(index);
    expect(overlay.policyIndex(captured).policies).toEqual([]);
    // The served version's are version 3's.
    expect(overlay.connectivity()).toBe(v3.connectivity);
    expect(overlay.connectivity(overlay.current()).overlayVersion).toBe(3);
    expect(overlay.connectionIndex()).not.toBe(index);
  });

  it('serves a version whose derivation failed, its views then derived on demand', async () => {
    const { computer, source } = await started();
    source.emit(2);
    await until(
      'job 2',
      () => computer.jobs.length === 1,
      () => 0,
    );
    // A failed derivation: the version is still served (on-demand views, as `inline`).
    computer.jobs[0].fail(new Error('boom'));
    await until(
      'version 2 served',
      () => overlay.current().version === 2,
      () => overlay.viewStatus(),
    );
    expect(overlay.connectivity().overlayVersion).toBe(2);
  });
});
