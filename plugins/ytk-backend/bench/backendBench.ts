import net from 'node:net';
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
import autocannon from 'autocannon';

/*
 * The ytk backend against 10 live (test) API servers over HTTPS:
 * start-up to first complete overlay, watch event to API, and
 * GET /teams/:team/overview under load. Loopback only, bounded in time.
 */

const CLUSTERS = 10;
const NAMESPACES = 8;
const PODS = 120; // per cluster
const POLICIES = 40; // per cluster
const LOAD = { connections: 4, amount: 500, maxSeconds: 30 };

export function clusterObjects(c: number): object[] {
  const out: object[] = [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cilium-config', namespace: 'kube-system' },
      data: { 'cluster-name': `c${c}`, 'cluster-id': String(c) },
    },
  ];
  for (let n = 0; n < NAMESPACES; n++)
    out.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: `ns${n}` },
    });
  for (let p = 0; p < PODS; p++) {
    const app = `app${p % 30}`;
    out.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `w${p}`,
        namespace: `ns${p % NAMESPACES}`,
        labels: { app, 'backstage.io/kubernetes-id': app },
      },
      spec: {
        containers: [
          {
            name: 'c',
            image: 'x',
            ports: [{ containerPort: 8080, name: 'http' }],
          },
        ],
      },
    });
  }
  for (let i = 0; i < POLICIES; i++) {
    const ns = `ns${i % NAMESPACES}`;
    out.push(
      i % 2
        ? {
            apiVersion: 'networking.k8s.io/v1',
            kind: 'NetworkPolicy',
            metadata: { name: `np${i}`, namespace: ns },
            spec: {
              podSelector: { matchLabels: { app: `app${i % 30}` } },
              policyTypes: ['Ingress'],
              ingress: [
                {
                  from: [
                    {
                      podSelector: {
                        matchLabels: { app: `app${(i + 1) % 30}` },
                      },
                    },
                  ],
                  ports: [{ port: 8080 }],
                },
              ],
            },
          }
        : {
            apiVersion: 'cilium.io/v2',
            kind: 'CiliumNetworkPolicy',
            metadata: { name: `cnp${i}`, namespace: ns },
            spec: {
              endpointSelector: { matchLabels: { app: `app${i % 30}` } },
              egress: [
                {
                  toEndpoints: [{ matchLabels: { app: `app${(i + 3) % 30}` } }],
                  toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }],
                },
              ],
            },
          },
    );
  }
  return out;
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

async function poll<T>(probe: () => Promise<T | undefined>, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`not reached in ${timeoutMs} ms`);
    await new Promise(r => setTimeout(r, 10));
  }
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[
    Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))
  ];

/** Runs the benchmark and returns a short report. */
export async function runBackendBench(
  options: { onLine?: (line: string) => void } = {},
): Promise<string> {
  // Per-request access logs would dominate the measurement.
  process.env.LOG_LEVEL ??= 'warn';
  const servers: KubeApiServer[] = [];
  for (let c = 1; c <= CLUSTERS; c++)
    servers.push(
      await startKubeApiServer({
        clusterName: `c${c}`,
        fixtures: clusterObjects(c),
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
          overlay: { debounceMs: 50 },
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
  const lines: string[] = [];
  const report = (line: string) => {
    lines.push(line);
    options.onLine?.(line);
  };
  try {
    const t0 = performance.now();
    await backend.start();
    await poll(async () => {
      const clusters = (await get('/clusters')) as
        | Array<{ health: { state: string }; counts: { workloads: number } }>
        | undefined;
      return clusters?.length === CLUSTERS &&
        clusters.every(
          c => c.health.state === 'connected' && c.counts.workloads > 0,
        )
        ? true
        : undefined;
    }, 120_000);
    report(
      `backend: ${CLUSTERS} clusters x ${PODS} pods, ${POLICIES} policies; start to first complete overlay: ${(performance.now() - t0).toFixed(0)} ms`,
    );

    const lags: number[] = [];
    for (let i = 0; i < 5; i++) {
      const name = `bench-${i}`;
      const t = performance.now();
      servers[i].store.upsert({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name, namespace: 'ns0' },
        spec: { podSelector: {}, policyTypes: ['Ingress'] },
      });
      await poll(async () => {
        const ps = (await get(`/policies?cluster=c${i + 1}`)) as
          Array<{ name: string }> | undefined;
        return ps?.some(p => p.name === name) ? true : undefined;
      }, 30_000);
      lags.push(performance.now() - t);
    }
    report(
      `backend: watch event to API (5 samples): p50 ${pct(lags, 50).toFixed(0)} ms, max ${Math.max(...lags).toFixed(0)} ms`,
    );

    const overview = (await get('/teams/team-a/overview')) as
      { workloads: unknown[] } | undefined;
    // `amount` bounds the count; a timer stops the run at maxSeconds.
    const result = await new Promise<autocannon.Result>((ok, ko) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const instance = autocannon(
        {
          url: `${base}/teams/team-a/overview`,
          connections: LOAD.connections,
          amount: LOAD.amount,
        },
        (err, r) => {
          clearTimeout(timer);
          if (err) ko(err);
          else ok(r);
        },
      );
      timer = setTimeout(() => instance.stop(), LOAD.maxSeconds * 1000);
    });
    report(
      `backend: GET /teams/team-a/overview (${overview?.workloads.length ?? 0} workloads), ${LOAD.connections} connections, ${result.requests.total} requests: ` +
        `${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`,
    );
  } finally {
    await backend.stop();
    await Promise.all(servers.map(s => s.stop()));
  }
  return lines.join('\n');
}

if (require.main === module) {
  runBackendBench({ onLine: line => process.stdout.write(`${line}\n`) }).then(
    () => process.exit(0),
    e => {
      process.stderr.write(`${e?.stack ?? e}\n`);
      process.exit(1);
    },
  );
}
