/*
 * Apply against real HTTPS API servers (test/kube-api) through the real @kubernetes/client-node:
 * a Cilium ClusterMesh pair, web in east calling api in west.
 */
import {
  coreServices,
  createBackendModule,
  type SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  startKubeApiServer,
  type KubeApiServer,
} from '@ytknetwork/kube-api-test-server';
import request from 'supertest';
import { ytkPlugin } from '../plugin';
import { EXPIRY_TASK_ID } from './expiry';

const TEAMS: Record<string, string[]> = {
  'user:default/alice': ['group:default/team-a'],
  'user:default/bob': ['group:default/team-b'],
};

const ns = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name },
});
const denyAll = (namespace: string) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'default-deny', namespace },
  spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
});
const pod = (name: string, namespace: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: `${name}-0`,
    namespace,
    labels: { app: name, 'backstage.io/kubernetes-id': name },
  },
  spec: { containers: [{ name, image: name }] },
});
const clusterObjects = (name: string, id: number, app: [string, string]) => [
  ns('kube-system'),
  ns('shop'),
  ns('pay'),
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cilium-config', namespace: 'kube-system' },
    data: {
      'cluster-name': name,
      'cluster-id': String(id),
      'cilium-version': '1.18.0',
    },
  },
  denyAll('shop'),
  denyAll('pay'),
  pod(...app),
];

const component = (name: string, owner: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations: { 'backstage.io/kubernetes-id': name } },
  spec: { type: 'service', owner, lifecycle: 'production' },
});

async function waitFor<T>(
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end)
      throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise(r => setTimeout(r, 50));
  }
}

const cnpKeys = (s: KubeApiServer) =>
  s.store.keys().filter(k => k.includes('CiliumNetworkPolicy'));

async function start(
  mode: 'apply' | 'dry-run',
  peering: { expiryInterval?: string } = {},
) {
  // The plugin's own (real) scheduler, reached through a module of the plugin, to run the
  // expiry task now instead of waiting for its schedule.
  let scheduler: SchedulerService | undefined;
  // What the plugin asked the scheduler for (the test backend's scheduler keeps no frequency).
  const scheduled: Parameters<SchedulerService['scheduleTask']>[0][] = [];
  const schedulerProbe = createBackendModule({
    pluginId: 'ytk',
    moduleId: 'test-scheduler-probe',
    register(env) {
      env.registerInit({
        deps: { s: coreServices.scheduler },
        async init({ s }) {
          // Modules initialise before their plugin: the plugin's scheduleTask goes through this.
          const scheduleTask = s.scheduleTask.bind(s);
          s.scheduleTask = async task => {
            scheduled.push(task);
            return scheduleTask(task);
          };
          scheduler = s;
        },
      });
    },
  });
  const servers = {
    east: await startKubeApiServer({
      clusterName: 'east',
      fixtures: clusterObjects('east', 1, ['web', 'shop']),
    }),
    west: await startKubeApiServer({
      clusterName: 'west',
      fixtures: clusterObjects('west', 2, ['api', 'pay']),
    }),
  };
  const backend = await startTestBackend({
    features: [
      ytkPlugin,
      schedulerProbe,
      catalogServiceMock.factory({
        entities: [
          component('web', 'team-a'),
          component('api', 'team-b'),
        ] as any,
      }),
      mockServices.userInfo.mock({
        getUserInfo: async (c: any) => ({
          userEntityRef: c.principal.userEntityRef,
          ownershipEntityRefs: TEAMS[c.principal.userEntityRef] ?? [],
        }),
      }).factory,
      mockServices.rootConfig.factory({
        data: {
          ytk: {
            overlay: { debounceMs: 10 },
            peering: { mode, ...peering },
            clusters: Object.entries(servers).map(([name, s]) => ({
              name,
              source: 'kubernetes',
              url: s.url,
              caData: s.caData,
              serviceAccountToken: s.token,
            })),
          },
        },
      }),
    ],
  });
  const call = (user: string) => {
    const auth = mockCredentials.user.header(`user:default/${user}`);
    return {
      get: (p: string) =>
        request(backend.server).get(`/api/ytk${p}`).set('authorization', auth),
      post: (p: string, body: object = {}) =>
        request(backend.server)
          .post(`/api/ytk${p}`)
          .set('authorization', auth)
          .send(body),
    };
  };
  // Both clusters listed: the workloads are known.
  await waitFor(async () => {
    const res = await call('alice').get('/clusters');
    return (
      res.status === 200 &&
      res.body.length === 2 &&
      res.body.every((c: any) => c.counts?.workloads === 1)
    );
  });
  /** Creates and approves a request for `port`. */
  const approved = async (port: number, expiresAt?: string) => {
    const created = await call('alice').post('/peering', {
      from: 'east/shop/Pod/web-0',
      to: { workload: 'west/pay/Pod/api-0' },
      ports: [{ protocol: 'TCP', port }],
      reason: 'web calls api across the mesh',
      ...(expiresAt ? { expiresAt } : {}),
    });
    expect(created.status).toBe(201);
    const ok = await call('bob').post(`/peering/${created.body.id}/approve`);
    expect(ok.status).toBe(200);
    return created.body;
  };
  return {
    servers,
    call,
    approved,
    runExpiry: () => scheduler!.triggerTask(EXPIRY_TASK_ID),
    expiryTask: () => scheduled.find(t => t.id === EXPIRY_TASK_ID),
    stop: async () => {
      await backend.stop();
      await Promise.all(Object.values(servers).map(s => s.stop()));
    },
  };
}

describe('peering apply against the Kubernetes API', () => {
  let h: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    h = await start('apply');
  }, 60_000);
  afterAll(() => h.stop());

  it('server-side applies both sides and verifies them in the live overlay', async () => {
    const workloads = await h.call('alice').get('/clusters');
    expect(workloads.status).toBe(200);
    const r = await h.approved(8080);
    expect(r.policies.map((p: any) => [p.cluster, p.side])).toEqual([
      ['east', 'egress'],
      ['west', 'ingress'],
    ]);
    const res = await h.call('bob').post(`/peering/${r.id}/apply`);
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('applied');
    const name = (i: number) => r.policies[i].object.metadata.name;
    expect(res.body.applyResult.clusters).toEqual([
      {
        cluster: 'east',
        mode: 'apply',
        ok: true,
        created: [`CiliumNetworkPolicy shop/${name(0)}`],
      },
      {
        cluster: 'west',
        mode: 'apply',
        ok: true,
        created: [`CiliumNetworkPolicy pay/${name(1)}`],
      },
    ]);
    expect(cnpKeys(h.servers.east)).toEqual([
      `cilium.io/v2 CiliumNetworkPolicy shop/${name(0)}`,
    ]);
    expect(cnpKeys(h.servers.west)).toEqual([
      `cilium.io/v2 CiliumNetworkPolicy pay/${name(1)}`,
    ]);
    // dry run first, then the apply, with field manager ytk and force
    const patches = h.servers.west.requestLog.filter(l => l.method === 'PATCH');
    expect(patches.map(p => p.query)).toEqual([
      expect.objectContaining({
        dryRun: 'All',
        fieldManager: 'ytk',
        force: 'true',
      }),
      expect.objectContaining({ fieldManager: 'ytk', force: 'true' }),
    ]);
    expect(patches[1].query.dryRun).toBeUndefined();

    // the watch brings the policies into the overlay: verifiedAt is recorded
    const verified = await waitFor(async () => {
      const d = await h.call('alice').get(`/peering/${r.id}`);
      return d.body.verifiedAt ? d.body : undefined;
    });
    expect(verified.state).toBe('applied');
  });

  it('lands in failed and rolls back what it created when one cluster rejects', async () => {
    const r = await h.approved(9090);
    const eastPolicy = `CiliumNetworkPolicy shop/${r.policies[0].object.metadata.name}`;
    const fault = h.servers.west.faults.fail(
      { pathPrefix: '/apis/cilium.io', method: 'PATCH' },
      { status: 500, message: 'etcd unavailable' },
    );
    const res = await h.call('bob').post(`/peering/${r.id}/apply`);
    h.servers.west.faults.clear(fault);
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('failed');
    expect(res.body.applyResult.ok).toBe(false);
    expect(res.body.applyResult.rollbackError).toBeUndefined();
    expect(res.body.applyResult.clusters).toEqual([
      {
        cluster: 'east',
        mode: 'apply',
        ok: true,
        created: [eastPolicy],
        rolledBack: [eastPolicy],
      },
      expect.objectContaining({
        cluster: 'west',
        ok: false,
        created: [],
        error: expect.stringMatching(/etcd unavailable/),
      }),
    ]);
    expect(res.body.applyResult.error).toMatch(/cluster west rejected/);
    // never silently applied; a retry of a failed request is a conflict
    expect((await h.call('bob').post(`/peering/${r.id}/apply`)).status).toBe(
      409,
    );
    // east accepted its half, and no longer has it: no egress allow without its ingress
    expect(
      cnpKeys(h.servers.east).filter(k => k.includes(r.id.slice(0, 8))),
    ).toEqual([]);
    const d = await h.call('alice').get(`/peering/${r.id}`);
    expect(d.body.audit.at(-1)).toMatchObject({
      action: 'apply',
      afterState: 'failed',
      comment: `cluster west rejected the policies: 500 etcd unavailable; rolled back ${eastPolicy} (east)`,
    });
  });

  it('stays failed and says so when the rollback itself fails', async () => {
    const r = await h.approved(9091);
    const eastPolicy = `CiliumNetworkPolicy shop/${r.policies[0].object.metadata.name}`;
    const patch = h.servers.west.faults.fail(
      { pathPrefix: '/apis/cilium.io', method: 'PATCH' },
      { status: 500, message: 'etcd unavailable' },
    );
    const del = h.servers.east.faults.fail(
      { pathPrefix: '/apis/cilium.io', method: 'DELETE' },
      { status: 503, message: 'apiserver overloaded' },
    );
    const res = await h.call('bob').post(`/peering/${r.id}/apply`);
    h.servers.west.faults.clear(patch);
    h.servers.east.faults.clear(del);
    expect(res.body.state).toBe('failed');
    expect(res.body.applyResult.clusters[0]).toMatchObject({
      cluster: 'east',
      created: [eastPolicy],
      rolledBack: [],
    });
    expect(res.body.applyResult.rollbackError).toBe(
      'cluster east refused the removal: 503 apiserver overloaded',
    );
    // still there: the audit must tell someone to remove it
    expect(
      cnpKeys(h.servers.east).filter(k => k.includes(r.id.slice(0, 8))),
    ).toHaveLength(1);
    const d = await h.call('alice').get(`/peering/${r.id}`);
    expect(d.body.audit.at(-1)).toMatchObject({
      action: 'apply',
      afterState: 'failed',
      comment: `cluster west rejected the policies: 500 etcd unavailable; rollback failed: cluster east refused the removal: 503 apiserver overloaded; left in place ${eastPolicy} (east)`,
    });
  });
});

describe('peering expiry against the Kubernetes API', () => {
  it('removes the applied policies of an expired request and records it', async () => {
    const h = await start('apply', { expiryInterval: 'PT30S' });
    try {
      // scheduled at ytk.peering.expiryInterval
      expect(h.expiryTask()?.frequency).toEqual({ seconds: 30 });
      // Long enough to approve and apply on a loaded machine; the test then waits for the
      // clock to pass it (a condition, not a guess at how long the steps take).
      const r = await h.approved(
        7443,
        new Date(Date.now() + 6000).toISOString(),
      );
      const applied = await h.call('bob').post(`/peering/${r.id}/apply`);
      expect(applied.body.state).toBe('applied');
      const keys = (s: KubeApiServer) =>
        cnpKeys(s).filter(k => k.includes(r.id.slice(0, 8)));
      expect(keys(h.servers.east)).toHaveLength(1);
      expect(keys(h.servers.west)).toHaveLength(1);
      // Another applied request, without expiry: must survive the run.
      const other = await h.approved(7444);
      expect(
        (await h.call('bob').post(`/peering/${other.id}/apply`)).body.state,
      ).toBe('applied');

      const expiry = Date.parse(r.expiresAt);
      while (Date.now() <= expiry)
        await new Promise(res => setTimeout(res, expiry - Date.now() + 1));
      await h.runExpiry();
      const expired = await waitFor(async () => {
        const d = await h.call('alice').get(`/peering/${r.id}`);
        return d.body.state === 'expired' ? d.body : undefined;
      }, 30_000);
      expect(keys(h.servers.east)).toEqual([]);
      expect(keys(h.servers.west)).toEqual([]);
      const names = r.policies.map(
        (p: any) =>
          `CiliumNetworkPolicy ${p.namespace}/${p.object.metadata.name}`,
      );
      expect(expired.audit.at(-1)).toMatchObject({
        action: 'expire',
        actor: 'ytk:expiry',
        beforeState: 'applied',
        afterState: 'expired',
        comment: expect.stringContaining(`removed ${names.join(', ')}`),
      });
      expect(expired.allowedActions).toEqual([]);
      // the request without expiry is untouched, its policies stay
      expect(
        (await h.call('alice').get(`/peering/${other.id}`)).body.state,
      ).toBe('applied');
      expect(
        cnpKeys(h.servers.west).some(k => k.includes(other.id.slice(0, 8))),
      ).toBe(true);
      const deletes = h.servers.west.requestLog.filter(
        l => l.method === 'DELETE',
      );
      expect(deletes).toHaveLength(1);
    } finally {
      await h.stop();
    }
  }, 90_000);
});

describe('peering dry-run mode', () => {
  it('asks each cluster for a server-side dry run and creates nothing', async () => {
    const h = await start('dry-run');
    try {
      const r = await h.approved(8080);
      const res = await h.call('bob').post(`/peering/${r.id}/apply`);
      expect(res.body.state).toBe('applied');
      expect(res.body.applyResult).toMatchObject({
        mode: 'dry-run',
        ok: true,
        clusters: [
          { cluster: 'east', mode: 'dry-run', ok: true, created: [] },
          { cluster: 'west', mode: 'dry-run', ok: true, created: [] },
        ],
      });
      expect(cnpKeys(h.servers.east)).toEqual([]);
      expect(cnpKeys(h.servers.west)).toEqual([]);
      expect(
        h.servers.east.requestLog.filter(l => l.method === 'PATCH'),
      ).toHaveLength(1);
    } finally {
      await h.stop();
    }
  }, 60_000);
});
