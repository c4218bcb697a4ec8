/*
 * The event loop stays free while a large cluster is linted: /health answers while /findings
 * of that cluster is being computed. Real plugin, real manifest sources, real worker thread.
 * Ordering assertions only; YTK_TIMING=1 prints the figures (YTK_WORKLOADS sets the size).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { ytkPlugin } from '../plugin';
import { syntheticManifests } from './__testUtils__/synthetic';

const WORKLOADS = Number(process.env.YTK_WORKLOADS ?? 500);
// Starts a backend and lints a large cluster: far above jest's default 5 s on a 2-core CI runner.
jest.setTimeout(120_000);

describe('responsiveness while linting', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ytk-lint-load-'));
    for (const m of syntheticManifests(WORKLOADS)) {
      fs.mkdirSync(path.join(dir, m.cluster));
      fs.writeFileSync(path.join(dir, m.cluster, 'all.yaml'), m.text);
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('answers /health before /findings of a large cluster is done', async () => {
    const { server } = await startTestBackend({
      features: [
        ytkPlugin,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({
          data: {
            ytk: {
              clusters: ['c1', 'c2'].map(name => ({
                name,
                source: 'manifests',
                path: path.join(dir, name),
              })),
              overlay: { debounceMs: 10 },
            },
          },
        }),
      ],
    });
    const lag = monitorEventLoopDelay({ resolution: 5 });
    lag.enable();
    const t0 = Date.now();
    const order: string[] = [];
    const findings = request(server)
      .get('/api/ytk/findings?cluster=c1')
      .set('Authorization', mockCredentials.user.header())
      .then(res => {
        order.push('findings');
        return { res, ms: Date.now() - t0 };
      });
    // Probes arrive while the lint runs.
    const health: number[] = [];
    await new Promise(r => setTimeout(r, 200));
    // From here on the request is waiting for lint (its route work before that is not lint's).
    const lintLag = monitorEventLoopDelay({ resolution: 5 });
    lintLag.enable();
    for (let i = 0; i < 5; i++) {
      const t = Date.now();
      const res = await request(server)
        .get('/api/ytk/health')
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(200);
      health.push(Date.now() - t);
      order.push('health');
    }
    const done = await findings;
    lag.disable();
    lintLag.disable();
    expect(done.res.status).toBe(200);
    expect(done.res.body.findings.length).toBeGreaterThan(0);
    expect(order).toEqual([
      'health',
      'health',
      'health',
      'health',
      'health',
      'findings',
    ]);
    if (process.env.YTK_TIMING) {
      // eslint-disable-next-line no-console
      console.log(
        `${WORKLOADS} workloads: /findings ${done.ms} ms (${done.res.body.findings.length} findings), /health ${health.join(', ')} ms, event loop delay max ${Math.round(lag.max / 1e6)} ms (after the first 200 ms: ${Math.round(lintLag.max / 1e6)} ms)`,
      );
    }
  });
});
