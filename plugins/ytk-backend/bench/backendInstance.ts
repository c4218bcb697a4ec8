/*
 * One ytk backend for the backend bench, in its own process (so the load generator and the
 * measured RSS are not the bench's): 10 live test API servers over HTTPS, the backend on
 * loopback. Prints one `READY <json>` line (start-up and watch-event figures), then serves
 * until the parent ends it.
 */
import net from 'node:net';
import readline from 'node:readline';
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createServiceFactory,
  type BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  startKubeApiServer,
  type KubeApiServer,
} from '@ytknetwork/kube-api-test-server';
import { benchPod, benchScale, clusterObjects } from './clusterObjects';

export type ViewsMode = 'inline' | 'worker';

export interface InstanceReport {
  port: number;
  startMs: number;
  /** Watch event (a new pod of the team) to the pod in the team overview, one per sample. */
  lagsMs: number[];
  overviewWorkloads: number;
  connections: number;
}

const freePort = () =>
  new Promise<number>((ok, ko) => {
    const s = net.createServer();
    s.once('error', ko);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => ok(port));
    });
  });

export async function poll<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`not reached in ${timeoutMs} ms`);
    await new Promise(r => setTimeout(r, 10));
  }
}

async function main(mode: ViewsMode) {
  const scale = benchScale();
  // Per-request access logs would dominate the measurement.
  process.env.LOG_LEVEL ??= 'warn';
  const servers: KubeApiServer[] = [];
  for (let c = 1; c <= scale.clusters; c++)
    servers.push(
      await startKubeApiServer({
        clusterName: `c${c}`,
        fixtures: clusterObjects(scale, c),
      }),
    );
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/api/ytk`;
  const components = Array.from({ length: 5 }, (_, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: `app${i}`,
      annotations: { 'backstage.io/kubernetes-id': `app${i}` },
    },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  }));
  const backend = createBackend();
  backend.add(mockServices.auth.factory());
  backend.add(mockServices.httpAuth.factory());
  backend.add(
    createServiceFactory({
      service: coreServices.userInfo,
      deps: {},
      factory: () => ({
        getUserInfo: async credentials => {
          const { userEntityRef } =
            credentials.principal as BackstageUserPrincipal;
          return {
            userEntityRef,
            ownershipEntityRefs: [userEntityRef, 'group:default/team-a'],
          };
        },
      }),
    }),
  );
  backend.add(
    mockServices.rootConfig.factory({
      data: {
        backend: {
          baseUrl: `http://127.0.0.1:${port}`,
          listen: { host: '127.0.0.1', port },
          database: { client: 'better-sqlite3', connection: ':memory:' },
        },
        ytk: {
          overlay: { debounceMs: 50, views: mode },
          clusters: servers.map((s, i) => ({
            name: `c${i + 1}`,
            source: 'kubernetes',
            url: s.url,
            caData: s.caData,
            serviceAccountToken: s.token,
          })),
        },
      },
    }),
  );
  backend.add(
    catalogServiceMock.factory({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Group',
          metadata: { name: 'team-a' },
          spec: { type: 'team', children: [] },
        },
        ...components,
      ],
    }),
  );
  backend.add(import('../src'));

  const get = async (path: string) => {
    const res = await fetch(base + path);
    return res.ok ? res.json() : undefined;
  };
  const t0 = performance.now();
  await backend.start();
  await poll(async () => {
    const clusters = (await get('/clusters')) as
      | Array<{ health: { state: string }; counts: { workloads: number } }>
      | undefined;
    return clusters?.length === scale.clusters &&
      clusters.every(
        c =>
          c.health.state === 'connected' && c.counts.workloads === scale.pods,
      )
      ? true
      : undefined;
  }, 600_000);
  type Overview = { workloads: Array<{ name: string }> };
  // Every cluster's pods in the overview's version: the first complete view.
  const team = scale.clusters * 4 * 5;
  await poll(async () => {
    const o = (await get('/teams/team-a/overview')) as Overview | undefined;
    return o && o.workloads.length >= team ? true : undefined;
  }, 600_000);
  const startMs = performance.now() - t0;

  const lagsMs: number[] = [];
  for (let i = 0; i < 10; i++) {
    const name = `bench-${i}`;
    const t = performance.now();
    // app0, one of the team's: it joins the overview and its neighbourhood.
    servers[i % servers.length].store.upsert(benchPod(scale, name, 0));
    await poll(async () => {
      const o = (await get('/teams/team-a/overview')) as Overview | undefined;
      return o?.workloads.some(w => w.name === name) ? true : undefined;
    }, 120_000);
    lagsMs.push(performance.now() - t);
  }
  const overview = (await get('/teams/team-a/overview')) as
    (Overview & { inbound: unknown[]; outbound: unknown[] }) | undefined;
  const graph = (await get('/connectivity?team=team-a')) as
    { connections: unknown[] } | undefined;
  const report: InstanceReport = {
    port,
    startMs,
    lagsMs,
    overviewWorkloads: overview?.workloads.length ?? 0,
    connections: graph?.connections.length ?? 0,
  };
  process.stdout.write(`READY ${JSON.stringify(report)}\n`);
  // `churn <ms>` from the parent: a watch event (a new pod of the team) every <ms>, across the
  // clusters, until `calm`.
  let churn: NodeJS.Timeout | undefined;
  let churned = 0;
  readline.createInterface({ input: process.stdin }).on('line', line => {
    const [cmd, ms] = line.split(' ');
    clearInterval(churn);
    if (cmd === 'churn')
      churn = setInterval(() => {
        const k = churned++;
        servers[k % servers.length].store.upsert(
          benchPod(scale, `churn-${k}`, 0),
        );
      }, Number(ms));
  });
  const stop = async () => {
    clearInterval(churn);
    await backend.stop();
    await Promise.all(servers.map(s => s.stop()));
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
}

if (require.main === module) {
  const mode = process.argv.includes('--views=worker') ? 'worker' : 'inline';
  main(mode).catch(e => {
    process.stderr.write(`${e?.stack ?? e}\n`);
    process.exit(1);
  });
}
