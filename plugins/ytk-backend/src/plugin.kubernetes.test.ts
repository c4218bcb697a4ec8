import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  startKubeApiServer,
  type KubeApiServer,
  type KubeApiServerOptions,
} from '@ytknetwork/kube-api-test-server';
import request from 'supertest';
import { ytkPlugin } from './plugin';

// The plugin against real HTTPS API servers (test/kube-api), through the real
// @kubernetes/client-node: list, watch, relist, faults and health.

const auth = mockCredentials.user.header('user:default/alice');

const objects = (cluster: string) => [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `web-${cluster}`,
      namespace: 'shop',
      labels: { app: 'web' },
    },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
  },
  {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'db-password', namespace: 'shop' },
    data: { password: 'aHVudGVyMg==' },
  },
];

const netpol = (name: string) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace: 'shop' },
  spec: {
    podSelector: { matchLabels: { app: 'web' } },
    policyTypes: ['Ingress'],
  },
});

const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop', labels: { app: name } },
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
});

async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  // Generous: these run beside other suites on a loaded machine.
  timeoutMs = 15_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end)
      throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise(r => setTimeout(r, 25));
  }
}

/** What GET /clusters answers per cluster, as far as these tests read it. */
interface ClusterBody {
  name: string;
  enforcer: string;
  health: any;
  counts: any;
}

interface Harness {
  servers: Record<string, KubeApiServer>;
  backend: Awaited<ReturnType<typeof startTestBackend>>;
  clusters(): Promise<ClusterBody[]>;
  cluster(name: string): Promise<ClusterBody>;
  policyNames(cluster: string): Promise<string[]>;
  stop(): Promise<void>;
}

async function start(
  specs: Record<string, KubeApiServerOptions & { url?: string }>,
  prepare?: (servers: Record<string, KubeApiServer>) => void,
): Promise<Harness> {
  const servers: Record<string, KubeApiServer> = {};
  for (const [name, o] of Object.entries(specs)) {
    if (!o.url)
      servers[name] = await startKubeApiServer({
        clusterName: name,
        fixtures: objects(name),
        ...o,
      });
  }
  prepare?.(servers);
  const backend = await startTestBackend({
    features: [
      ytkPlugin,
      catalogServiceMock.factory({ entities: [] }),
      mockServices.rootConfig.factory({
        data: {
          ytk: {
            overlay: { debounceMs: 10 },
            clusters: Object.entries(specs).map(([name, o]) => ({
              name,
              source: 'kubernetes',
              url: o.url ?? servers[name].url,
              caData: servers[name]?.caData,
              serviceAccountToken: servers[name]?.token ?? 'nope',
            })),
          },
        },
      }),
    ],
  });
  const get = (path: string) =>
    request(backend.server).get(`/api/ytk${path}`).set('authorization', auth);
  const h: Harness = {
    servers,
    backend,
    clusters: async () => (await get('/clusters')).body,
    cluster: async name => (await h.clusters()).find(c => c.name === name)!,
    policyNames: async cluster =>
      ((await get(`/policies?cluster=${cluster}`)).body as any[]).map(
        p => p.name,
      ),
    stop: async () => {
      await backend.stop();
      await Promise.all(Object.values(servers).map(s => s.stop()));
    },
  };
  return h;
}

/** Connected, and the overlay already holds its snapshot (rebuilds are debounced). */
const connected = (h: Harness, name: string, workloads = 1) =>
  waitFor(async () => {
    const c = await h.cluster(name);
    return c.health.state === 'connected' && c.counts.workloads === workloads
      ? c
      : undefined;
  });

describe('ytk backend plugin (kubernetes source)', () => {
  jest.setTimeout(90_000);

  // How fast a watch event becomes visible is measured by `npm run bench`, not asserted here:
  // a loaded machine made a 2 s bound fail (2175 ms) in a loaded run.
  it('serves live clusters and shows a new policy from the watch', async () => {
    const h = await start({ east: {}, west: {} });
    try {
      await connected(h, 'east');
      await connected(h, 'west');
      expect(
        (await h.clusters()).map(c => [
          c.name,
          c.health.state,
          c.counts.workloads,
        ]),
      ).toEqual([
        ['east', 'connected', 1],
        ['west', 'connected', 1],
      ]);
      expect(await h.policyNames('east')).toEqual([]);

      h.servers.east.store.upsert(netpol('web-ingress'));
      await waitFor(
        async () =>
          (await h.policyNames('east')).includes('web-ingress') || undefined,
      );
      expect(await h.policyNames('west')).toEqual([]);
    } finally {
      await h.stop();
    }
  });

  it('reports a down cluster and a failing one, keeps the others, and recovers', async () => {
    const h = await start(
      {
        east: {},
        // Nothing listens on port 1.
        down: { url: 'https://127.0.0.1:1' },
        broken: {},
      },
      servers =>
        servers.broken.faults.fail(
          {},
          { status: 500, message: 'etcd is on fire' },
        ),
    );
    try {
      const down = await waitFor(async () => {
        const c = await h.cluster('down');
        return c.health.state === 'failed' ? c : undefined;
      });
      expect(down.health.lastError).toMatch(/ECONNREFUSED|connect/);
      const broken = await waitFor(async () => {
        const c = await h.cluster('broken');
        return c.health.state === 'failed' ? c : undefined;
      });
      expect(broken.health.lastError).toMatch(/500|etcd is on fire/);
      const east = await connected(h, 'east');
      expect(east.counts.workloads).toBe(1);
      expect(broken.counts.workloads).toBe(0);

      h.servers.broken.faults.clear();
      const healed = await waitFor(async () => {
        const c = await h.cluster('broken');
        return c.health.state === 'connected' && c.counts.workloads === 1
          ? c
          : undefined;
      }, 30_000);
      expect(healed.health.lastError).toBeUndefined();
    } finally {
      await h.stop();
    }
  });

  it('relists after a 410 on re-watch', async () => {
    const h = await start({ east: {} });
    const s = () => h.servers.east;
    const path = '/api/v1/pods';
    const calls = () =>
      s()
        .requestLog.filter(r => r.path === path)
        .map(r => (r.watch ? 'watch' : 'list'));
    try {
      await connected(h, 'east');
      await waitFor(() => calls().join() === 'list,watch' || undefined);
      // Hold the re-watch back so a change and a compaction land in the gap.
      s().faults.latency(300, { pathPrefix: path, watch: true });
      s().faults.dropWatches({ graceful: true });
      s().store.upsert(pod('late'));
      s().store.compact();
      await waitFor(async () => {
        const c = await h.cluster('east');
        return c.counts.workloads === 2 || undefined;
      });
      // The resumed watch got 410 (as an ERROR event in its stream): relist.
      expect(calls().slice(0, 4)).toEqual(['list', 'watch', 'watch', 'list']);
    } finally {
      await h.stop();
    }
  });

  it('resumes a dropped watch from its resourceVersion without relisting', async () => {
    const h = await start({ east: {} });
    const s = () => h.servers.east;
    const path = '/api/v1/pods';
    try {
      await connected(h, 'east');
      const lists = () =>
        s().requestLog.filter(r => r.path === path && !r.watch).length;
      expect(lists()).toBe(1);
      const watchesBefore = s().requestLog.filter(
        r => r.path === path && r.watch,
      ).length;
      expect(s().faults.dropWatches({ graceful: false })).toBeGreaterThan(0);
      s().store.upsert(pod('after-drop'));
      await waitFor(async () => {
        const c = await h.cluster('east');
        return c.counts.workloads === 2 ? c : undefined;
      });
      const rewatch = s().requestLog.filter(r => r.path === path && r.watch);
      expect(rewatch.length).toBeGreaterThan(watchesBefore);
      expect(rewatch[rewatch.length - 1].query.resourceVersion).toMatch(
        /^\d+$/,
      );
      expect(lists()).toBe(1);
      expect((await h.cluster('east')).health.state).toBe('connected');
    } finally {
      await h.stop();
    }
  });

  it('reports a missing CRD as unavailable and stays connected', async () => {
    const h = await start({ east: { removed: ['spire.spiffe.io'] } });
    try {
      const east = await connected(h, 'east');
      expect(east.health.unavailableKinds).toEqual([
        'ClusterFederatedTrustDomain',
        'ClusterSPIFFEID',
      ]);
      expect(east.counts.workloads).toBe(1);
    } finally {
      await h.stop();
    }
  });

  it('watches AdminNetworkPolicies and the BaselineAdminNetworkPolicy', async () => {
    const h = await start({ east: {} });
    try {
      await connected(h, 'east');
      expect((await h.cluster('east')).health.unavailableKinds).toEqual([]);
      h.servers.east.store.upsert({
        apiVersion: 'policy.networking.k8s.io/v1alpha1',
        kind: 'AdminNetworkPolicy',
        metadata: { name: 'deny-shop-from-all' },
        spec: {
          priority: 10,
          subject: { namespaces: { matchLabels: { team: 'shop' } } },
          ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }],
        },
      });
      h.servers.east.store.upsert({
        apiVersion: 'policy.networking.k8s.io/v1alpha1',
        kind: 'BaselineAdminNetworkPolicy',
        metadata: { name: 'default' },
        spec: {
          subject: { namespaces: {} },
          ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }],
        },
      });
      await waitFor(async () => {
        const names = await h.policyNames('east');
        return (
          (names.includes('deny-shop-from-all') && names.includes('default')) ||
          undefined
        );
      });
    } finally {
      await h.stop();
    }
  });

  it('reports clusters without the network-policy-api CRDs as connected', async () => {
    const h = await start({ east: { removed: ['policy.networking.k8s.io'] } });
    try {
      const east = await connected(h, 'east');
      expect(east.health.unavailableKinds).toEqual([
        'AdminNetworkPolicy',
        'BaselineAdminNetworkPolicy',
      ]);
    } finally {
      await h.stop();
    }
  });

  it('watches Istio PeerAuthentication, AuthorizationPolicy and mesh config: explain shows the posture', async () => {
    const h = await start({ east: {} });
    try {
      await connected(h, 'east');
      const store = h.servers.east.store;
      store.upsert({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: 'api',
          namespace: 'shop',
          labels: { app: 'api', 'security.istio.io/tlsMode': 'istio' },
        },
        spec: { containers: [{ name: 'c', image: 'api' }] },
      });
      // rootNamespace moved: the mesh-wide policy below lives there, not in istio-system.
      store.upsert({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'istio', namespace: 'istio-system' },
        data: { mesh: 'rootNamespace: mesh-root\ntrustDomain: east.example\n' },
      });
      store.upsert({
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        metadata: { name: 'default', namespace: 'mesh-root' },
        spec: { mtls: { mode: 'STRICT' } },
      });
      store.upsert({
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'api-callers', namespace: 'shop' },
        spec: {
          selector: { matchLabels: { app: 'api' } },
          action: 'ALLOW',
          rules: [
            {
              from: [
                {
                  source: {
                    principals: ['east.example/ns/shop/sa/default'],
                  },
                },
              ],
            },
          ],
        },
      });
      const istio = await waitFor(async () => {
        const res = await request(h.backend.server)
          .get('/api/ytk/flows/explain')
          .query({ from: 'shop/web-east', to: 'shop/api', port: '8080' })
          .set('authorization', auth);
        const i = res.body.verdict?.istio;
        return i?.peerAuthentication && i?.authorizationPolicies
          ? i
          : undefined;
      });
      expect({
        mtls: istio.mtls,
        mesh: istio.mesh,
        peerAuthentication: [
          istio.peerAuthentication.namespace,
          istio.peerAuthentication.name,
          istio.peerAuthentication.scope,
        ],
        authorization: istio.authorization,
        authorizationPolicies: istio.authorizationPolicies.map(
          (p: any) => `${p.namespace}/${p.name} ${p.action}`,
        ),
      }).toEqual({
        mtls: 'strict',
        mesh: 'sidecar',
        peerAuthentication: ['mesh-root', 'default', 'mesh'],
        authorization: 'may-deny',
        authorizationPolicies: ['shop/api-callers ALLOW'],
      });
    } finally {
      await h.stop();
    }
  });

  it('reports a cluster without Istio (no CRDs, no istio-system Role) as connected', async () => {
    const h = await start({ east: { removed: ['security.istio.io'] } }, s =>
      // What a cluster answers when deploy/rbac.yaml's istio-system Role could not be applied.
      s.east.faults.fail(
        { pathPrefix: '/api/v1/namespaces/istio-system/configmaps' },
        { status: 403, message: 'configmaps is forbidden' },
      ),
    );
    try {
      const east = await connected(h, 'east');
      expect(east.health.unavailableKinds).toEqual([
        'AuthorizationPolicy',
        'ConfigMap istio-system/istio',
        'PeerAuthentication',
      ]);
      expect(east.health.lastError).toBeUndefined();
    } finally {
      await h.stop();
    }
  });

  it('watches Calico policies and tiers: a cluster with them and no cilium-config is a calico cluster', async () => {
    // No cilium-config in these fixtures: the enforcer follows the policy objects.
    const h = await start({ east: {} });
    try {
      await connected(h, 'east');
      h.servers.east.store.upsert({
        apiVersion: 'projectcalico.org/v3',
        kind: 'Tier',
        metadata: { name: 'security' },
        spec: { order: 100 },
      });
      h.servers.east.store.upsert({
        apiVersion: 'projectcalico.org/v3',
        kind: 'GlobalNetworkPolicy',
        metadata: { name: 'security.deny-guests' },
        spec: {
          tier: 'security',
          order: 10,
          selector: 'all()',
          ingress: [
            { action: 'Deny', source: { selector: "role == 'guest'" } },
            { action: 'Pass' },
          ],
          types: ['Ingress'],
        },
      });
      h.servers.east.store.upsert({
        apiVersion: 'projectcalico.org/v3',
        kind: 'NetworkPolicy',
        metadata: { name: 'web', namespace: 'shop' },
        spec: {
          selector: "app == 'web'",
          ingress: [{ action: 'Allow', source: { selector: "app == 'api'" } }],
        },
      });
      const east = await waitFor(async () => {
        const c = await h.cluster('east');
        const names = await h.policyNames('east');
        return c.enforcer === 'calico' &&
          names.includes('security.deny-guests') &&
          names.includes('web')
          ? c
          : undefined;
      });
      expect(east.health.unavailableKinds).toEqual([]);
    } finally {
      await h.stop();
    }
  });

  it('reports a cluster without the Calico API server as connected', async () => {
    const h = await start({ east: { removed: ['projectcalico.org'] } });
    try {
      const east = await connected(h, 'east');
      expect(east.health.unavailableKinds).toEqual([
        'Calico GlobalNetworkPolicy',
        'Calico NetworkPolicy',
        'Calico Tier',
      ]);
    } finally {
      await h.stop();
    }
  });

  it('never requests Secrets, and only the cilium-config and istio ConfigMaps', async () => {
    const h = await start({ east: {} });
    try {
      await connected(h, 'east');
      const log = h.servers.east.requestLog;
      expect(log.length).toBeGreaterThan(10);
      expect(log.filter(r => /secrets/.test(r.path))).toEqual([]);
      const cm = log.filter(r => /configmaps/.test(r.path));
      expect(cm.length).toBeGreaterThan(0);
      expect(
        [...new Set(cm.map(r => `${r.path}?${r.query.fieldSelector}`))].sort(),
      ).toEqual([
        '/api/v1/namespaces/istio-system/configmaps?metadata.name=istio',
        '/api/v1/namespaces/kube-system/configmaps?metadata.name=cilium-config',
      ]);
      expect(log.every(r => r.method === 'GET')).toBe(true);
    } finally {
      await h.stop();
    }
  });
});
