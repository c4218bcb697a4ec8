import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { buildOverlay } from '@ytknetwork/common';
import { syntheticSnapshots } from './__testUtils__/synthetic';
import { deriveViews } from './derivedViews';
import { ViewRunner, type ViewJob } from './ViewRunner';

describe('ViewRunner (a real worker thread)', () => {
  const snapshots = syntheticSnapshots(60);
  const overlays = [1, 2, 3].map(v => buildOverlay(snapshots, { version: v }));
  let inProcessCalls = 0;
  const job = (version: number): ViewJob => ({
    version,
    snapshots,
    inProcess: () => {
      inProcessCalls++;
      return deriveViews(overlays[version - 1]);
    },
  });
  let logger: ReturnType<typeof mockServices.logger.mock>;
  let runner: ViewRunner;
  let dir: string;
  beforeEach(() => {
    inProcessCalls = 0;
    logger = mockServices.logger.mock();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ytk-view-runner-'));
  });
  afterEach(async () => {
    await runner?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('derives in the worker the views the same derivation gives on this thread', async () => {
    runner = new ViewRunner(logger);
    expect(runner.available).toBe(true);
    const views = await runner.compute(job(1));
    expect(views).toEqual(deriveViews(overlays[0]));
    expect(views!.connectivity.connections.length).toBeGreaterThan(0);
    expect(inProcessCalls).toBe(0);
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('derives a later version sent as the cluster that changed, as this thread does', async () => {
    runner = new ViewRunner(logger);
    await runner.compute(job(1));
    // c2 lost a resource (a new array, as a source emits); c1 travels without its resources.
    const changed = [
      snapshots[0],
      { ...snapshots[1], resources: snapshots[1].resources.slice(0, -20) },
    ];
    const overlay = buildOverlay(changed, { version: 2 });
    const views = await runner.compute({
      version: 2,
      snapshots: changed,
      inProcess: () => {
        inProcessCalls++;
        return deriveViews(overlay);
      },
    });
    expect(views).toEqual(deriveViews(overlay));
    expect(views).not.toEqual(deriveViews(overlays[1]));
    expect(inProcessCalls).toBe(0);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('keeps the event loop turning while it derives', async () => {
    runner = new ViewRunner(logger);
    const order: string[] = [];
    const done = runner.compute(job(1)).then(() => order.push('views'));
    await new Promise(r => setTimeout(r, 0));
    order.push('timer');
    await done;
    expect(order).toEqual(['timer', 'views']);
  });

  it('answers a waiting version superseded by a newer one with undefined', async () => {
    runner = new ViewRunner(logger);
    const first = runner.compute(job(1)); // occupies the worker
    const older = runner.compute(job(2));
    const newer = runner.compute(job(3));
    expect(await older).toBeUndefined();
    expect((await first)?.version).toBe(1);
    expect((await newer)?.version).toBe(3);
  });

  it('derives on this thread when the worker crashes, and logs it', async () => {
    // A worker that dies at once: every crash counts; after three the worker is not started again.
    const entry = path.join(dir, 'crash.js');
    fs.writeFileSync(entry, 'process.exit(3);\n');
    runner = new ViewRunner(logger, { script: { entry } });
    for (let v = 1; v <= 3; v++) {
      const views = await runner.compute(job(v));
      expect(views).toEqual(deriveViews(overlays[v - 1]));
    }
    expect(inProcessCalls).toBe(3);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining('overlay view worker failed (1/3)'),
    );
    expect(runner.available).toBe(false);
  });

  it('derives on this thread without a worker script', async () => {
    runner = new ViewRunner(logger, { script: null });
    expect(runner.available).toBe(false);
    expect(await runner.compute(job(1))).toEqual(deriveViews(overlays[0]));
    expect(inProcessCalls).toBe(1);
  });
});
