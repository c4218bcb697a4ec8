import { mockServices } from '@backstage/backend-test-utils';
import { buildOverlay, type Finding } from '@ytknetwork/common';
import { syntheticSnapshots } from './__testUtils__/synthetic';
import { storedPostureReport } from '../posture/storedReport';
import { LintRunner, type LintJob, type PostureJob } from './LintRunner';
import { lintCluster } from './lintPayload';

describe('LintRunner (a real worker thread)', () => {
  const snapshots = syntheticSnapshots(150);
  const overlays = [1, 2].map(v => buildOverlay(snapshots, { version: v }));
  const expected = lintCluster(overlays[0], snapshots, 'c1');
  let inProcessCalls = 0;
  const job = (version: number, cluster = 'c1'): LintJob => ({
    version,
    cluster,
    snapshots,
    inProcess: () => {
      inProcessCalls++;
      return lintCluster(overlays[version - 1], snapshots, cluster);
    },
  });
  let logger: ReturnType<typeof mockServices.logger.mock>;
  let runner: LintRunner;
  beforeEach(() => {
    inProcessCalls = 0;
    logger = mockServices.logger.mock();
    runner = new LintRunner(logger);
  });
  afterEach(() => runner.close());

  it('lints in the worker, to the findings of the same lint on this thread', async () => {
    expect(runner.available).toBe(true);
    const c1 = await runner.lint(job(1));
    const c2 = await runner.lint(job(1, 'c2'));
    expect(c1).toEqual(expected);
    expect(c2).toEqual(lintCluster(overlays[0], snapshots, 'c2'));
    expect(inProcessCalls).toBe(0);
    expect(logger.error).not.toHaveBeenCalled();
  });

  it("assesses posture in the worker after the version's lint, with its findings", async () => {
    const overlay = overlays[0];
    const workloads = overlay.clusters
      .flatMap(c => c.workloads.map(w => w.ref))
      .slice(0, 40);
    const findings = ['c1', 'c2'].flatMap(c =>
      lintCluster(overlay, snapshots, c),
    );
    const posture: PostureJob = {
      version: 1,
      scope: { name: 'team-x', workloads },
      snapshots,
      inProcess: () => {
        inProcessCalls++;
        return storedPostureReport(overlay, posture.scope, findings);
      },
    };
    // Queued behind one cluster's lint: the worker lints the other itself.
    const [c1, report] = await Promise.all([
      runner.lint(job(1)),
      runner.posture(posture),
    ]);
    expect(c1).toEqual(expected);
    expect(inProcessCalls).toBe(0);
    expect(report).toEqual(
      storedPostureReport(overlay, posture.scope, findings),
    );
    expect(report.scope).toMatchObject({ name: 'team-x' });
    // Evidence of findings is there (the worker had every cluster's).
    expect(findings.length).toBeGreaterThan(0);
  });

  it('keeps the event loop turning while it lints', async () => {
    const order: string[] = [];
    const done = runner.lint(job(1)).then(() => order.push('lint'));
    await new Promise(r => setTimeout(r, 0));
    order.push('timer');
    await done;
    expect(order).toEqual(['timer', 'lint']);
  });

  it('answers a queued job with the newer version of the same cluster', async () => {
    // Which versions' snapshots were sent to the worker.
    const payloads: number[] = [];
    const counted = (v: number): LintJob => {
      const { snapshots: s, ...rest } = job(v);
      return {
        ...rest,
        get snapshots() {
          payloads.push(v);
          return s;
        },
      };
    };
    const first = runner.lint(job(1, 'c2')); // occupies the worker
    const older = runner.lint(counted(1));
    const newer = runner.lint(counted(2));
    const [, a, b] = await Promise.all([first, older, newer]);
    expect(a).toBe(b); // one computation answered both
    expect(b).toEqual(expected);
    expect(payloads).toEqual([2]);
  });

  it('falls back to this thread when the worker dies mid-lint', async () => {
    const pending = runner.lint(job(1));
    // A real crash: the thread is terminated under the running job.
    await (
      runner as unknown as {
        worker: { worker: { terminate(): Promise<number> } };
      }
    ).worker.worker.terminate();
    const findings: Finding[] = await pending;
    expect(findings).toEqual(expected);
    expect(inProcessCalls).toBe(1);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining('lint worker failed'),
    );
    // The next job gets a new worker.
    expect(await runner.lint(job(2))).toEqual(expected);
    expect(inProcessCalls).toBe(1);
  });

  it('settles a running job when closed (shutdown never leaves a request hanging)', async () => {
    const pending = runner.lint(job(1));
    await runner.close();
    expect(await pending).toEqual(expected);
    expect(runner.available).toBe(false);
  });
});
