import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  ListWatch,
  PatchStrategy,
  V1Pod,
  Watch,
} from '@kubernetes/client-node';
import https from 'https';
import { KubeApiServer, startKubeApiServer } from './server';

// Drives the server through the real @kubernetes/client-node, the way the
// backend's KubernetesSource will.

const ns = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name },
});
const pod = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop', labels },
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
});
const cnp = (name: string) => ({
  apiVersion: 'cilium.io/v2',
  kind: 'CiliumNetworkPolicy',
  metadata: { name, namespace: 'shop' },
  spec: { endpointSelector: { matchLabels: { app: 'web' } } },
});

function kubeConfig(server: KubeApiServer, token = server.token) {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: server.url, caData: server.caData }],
    users: [{ name: 'u', token }],
    contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
    currentContext: 'ctx',
  });
  return kc;
}

/** Collects watch events until `until` holds, or fails after a timeout. */
function collect<T>(
  start: (
    push: (e: T) => void,
    done: (err: unknown) => void,
  ) => Promise<unknown>,
  until: (events: T[], ended: unknown) => boolean,
  timeoutMs = 5000,
): Promise<{ events: T[]; ended: unknown }> {
  return new Promise((ok, ko) => {
    const events: T[] = [];
    let ended: unknown = 'open';
    const timer = setTimeout(
      () =>
        ko(
          new Error(
            `timed out; got ${JSON.stringify(events)} ended=${String(ended)}`,
          ),
        ),
      timeoutMs,
    );
    const check = () => {
      if (until(events, ended)) {
        clearTimeout(timer);
        ok({ events, ended });
      }
    };
    start(
      e => {
        events.push(e);
        check();
      },
      err => {
        ended = err ?? null;
        check();
      },
    ).catch(ko);
  });
}

async function waitFor(cond: () => boolean, timeoutMs = 3000) {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise(r => setTimeout(r, 20));
  }
}

// Raw requests through Node's https (the client would hide these details).
function fetchRaw(
  server: KubeApiServer,
  path: string,
  token: string | undefined,
  trustCa = true,
) {
  return new Promise<{ status: number; body: any }>((ok, ko) => {
    const req = https.request(
      `${server.url}${path}`,
      {
        ...(trustCa
          ? { ca: Buffer.from(server.caData, 'base64').toString() }
          : {}),
        headers: token ? { Authorization: `Bearer ${token}` } : {},
      },
      res => {
        let text = '';
        res.on('data', d => (text += d));
        res.on('end', () =>
          ok({ status: res.statusCode ?? 0, body: JSON.parse(text) }),
        );
      },
    );
    req.on('error', ko);
    req.end();
  });
}
const fetchJson = async (s: KubeApiServer, p: string) =>
  (await fetchRaw(s, p, s.token)).body;
const fetchStatus = async (
  s: KubeApiServer,
  p: string,
  t: string | undefined,
) => (await fetchRaw(s, p, t)).body;

interface Ev {
  type: string;
  object: any;
}

/** KubernetesObjectApi's own discovery lookup (protected: apply and patch call it first). */
class DiscoveryLookup extends KubernetesObjectApi {
  public resource(apiVersion: string, kind: string) {
    return super.resource(apiVersion, kind);
  }
}

describe('kube-api test server through @kubernetes/client-node', () => {
  let server: KubeApiServer;
  const aborts: AbortController[] = [];

  beforeEach(async () => {
    server = await startKubeApiServer({
      fixtures: [
        ns('shop'),
        pod('web-1', { app: 'web' }),
        pod('db-1', { app: 'db' }),
        cnp('allow-web'),
      ],
      bookmarkIntervalMs: 100,
    });
  });
  afterEach(async () => {
    aborts.splice(0).forEach(a => a.abort());
    await server.stop();
  });

  const watchEvents = (
    path: string,
    query: Record<string, string | boolean>,
    until: (e: Ev[], ended: unknown) => boolean,
  ) =>
    collect<Ev>(async (push, done) => {
      const w = new Watch(kubeConfig(server));
      aborts.push(
        await w.watch(
          path,
          query,
          (type, object) => push({ type, object }),
          done,
        ),
      );
    }, until);

  it('serves discovery for core, named groups and CRDs', async () => {
    const kc = kubeConfig(server);
    const objects = kc.makeApiClient(DiscoveryLookup);
    const cnpRes = await objects.resource(
      'cilium.io/v2',
      'CiliumNetworkPolicy',
    );
    expect(cnpRes).toMatchObject({
      name: 'ciliumnetworkpolicies',
      namespaced: true,
    });
    const ccnp = await objects.resource(
      'cilium.io/v2',
      'CiliumClusterwideNetworkPolicy',
    );
    expect(ccnp).toMatchObject({
      name: 'ciliumclusterwidenetworkpolicies',
      namespaced: false,
    });
    expect(
      await objects.resource('spire.spiffe.io/v1alpha1', 'ClusterSPIFFEID'),
    ).toMatchObject({ name: 'clusterspiffeids' });
    expect(await objects.resource('v1', 'Secret')).toMatchObject({
      name: 'secrets',
    });

    // The generated CA is what makes TLS verify: without it the request fails.
    const untrusted = await fetchRaw(
      server,
      '/apis',
      server.token,
      false,
    ).catch(e => e);
    expect(String(untrusted.message)).toMatch(/certificate/);
    expect((await fetchRaw(server, '/apis', server.token)).status).toBe(200);
  });

  it('lists namespaced and cluster-wide with selectors and resource versions', async () => {
    const core = kubeConfig(server).makeApiClient(CoreV1Api);
    const all = await core.listPodForAllNamespaces();
    expect(all.items.map(p => p.metadata?.name)).toEqual(['db-1', 'web-1']);
    expect(Number(all.metadata?.resourceVersion)).toBe(
      server.store.resourceVersion,
    );
    for (const p of all.items) {
      expect(p.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(p.metadata?.creationTimestamp).toBeInstanceOf(Date);
      expect(Number(p.metadata?.resourceVersion)).toBeLessThanOrEqual(
        server.store.resourceVersion,
      );
    }
    const web = await core.listNamespacedPod({
      namespace: 'shop',
      labelSelector: 'app=web',
    });
    expect(web.items.map(p => p.metadata?.name)).toEqual(['web-1']);
    const notWeb = await core.listNamespacedPod({
      namespace: 'shop',
      labelSelector: 'app!=web',
    });
    expect(notWeb.items.map(p => p.metadata?.name)).toEqual(['db-1']);
    const byName = await core.listNamespacedPod({
      namespace: 'shop',
      fieldSelector: 'metadata.name=db-1',
    });
    expect(byName.items.map(p => p.metadata?.name)).toEqual(['db-1']);
    const none = await core.listNamespacedPod({ namespace: 'other' });
    expect(none.items).toEqual([]);
    const one = await core.readNamespacedPod({
      namespace: 'shop',
      name: 'web-1',
    });
    expect(one.metadata?.labels).toEqual({ app: 'web' });

    const page1 = await core.listNamespacedPod({ namespace: 'shop', limit: 1 });
    expect(page1.items).toHaveLength(1);
    expect(page1.metadata?.remainingItemCount).toBe(1);
    const page2 = await core.listNamespacedPod({
      namespace: 'shop',
      limit: 1,
      _continue: page1.metadata?._continue,
    });
    expect(page2.items.map(p => p.metadata?.name)).toEqual(['web-1']);
    expect(page2.metadata?._continue).toBeUndefined();

    const objects = KubernetesObjectApi.makeApiClient(kubeConfig(server));
    const cnps = await objects.list(
      'cilium.io/v2',
      'CiliumNetworkPolicy',
      'shop',
    );
    expect(cnps.items.map(i => i.metadata?.name)).toEqual(['allow-web']);
  });

  it('streams ADDED, MODIFIED and DELETED after a mutation, in version order', async () => {
    const core = kubeConfig(server).makeApiClient(CoreV1Api);
    const list = await core.listNamespacedPod({ namespace: 'shop' });
    const rv = list.metadata!.resourceVersion!;
    const got = watchEvents(
      '/api/v1/namespaces/shop/pods',
      { resourceVersion: rv },
      e => e.length >= 3,
    );
    await new Promise(r => setTimeout(r, 50));
    server.store.upsert(pod('web-2', { app: 'web' }));
    server.store.upsert(pod('web-2', { app: 'web', tier: 'front' }));
    server.store.delete('v1', 'Pod', 'shop', 'web-2');
    const { events } = await got;
    expect(events.map(e => `${e.type} ${e.object.metadata.name}`)).toEqual([
      'ADDED web-2',
      'MODIFIED web-2',
      'DELETED web-2',
    ]);
    const versions = events.map(e => Number(e.object.metadata.resourceVersion));
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(versions[0]).toBeGreaterThan(Number(rv));
    expect(events[0].object.kind).toBe('Pod');
  });

  it('keeps a ListWatch cache in step with store mutations', async () => {
    const kc = kubeConfig(server);
    const core = kc.makeApiClient(CoreV1Api);
    const lw = new ListWatch<V1Pod>(
      '/api/v1/namespaces/shop/pods',
      new Watch(kc),
      () => core.listNamespacedPod({ namespace: 'shop' }),
      false,
    );
    const adds: string[] = [];
    lw.on('add', p => adds.push(p.metadata!.name!));
    await lw.start();
    try {
      expect(adds.sort()).toEqual(['db-1', 'web-1']);
      server.store.upsert(pod('api-1', { app: 'api' }));
      await waitFor(() => lw.get('api-1', 'shop') !== undefined);
      server.store.delete('v1', 'Pod', 'shop', 'db-1');
      await waitFor(() => lw.get('db-1', 'shop') === undefined);
      expect(
        lw
          .list('shop')
          .map(p => p.metadata?.name)
          .sort(),
      ).toEqual(['api-1', 'web-1']);
    } finally {
      await lw.stop();
    }
  });

  it('answers 410 Gone for a version older than retained history', async () => {
    const rv = server.store.resourceVersion;
    server.store.upsert(pod('web-2', { app: 'web' }));
    server.store.compact();
    const { events } = await watchEvents(
      '/api/v1/namespaces/shop/pods',
      { resourceVersion: String(rv) },
      (e, ended) => e.length >= 1 && ended !== 'open',
    );
    expect(events).toHaveLength(1);
    expect(events[0].type).toBe('ERROR');
    expect(events[0].object).toMatchObject({
      kind: 'Status',
      code: 410,
      reason: 'Expired',
    });
    expect(events[0].object.message).toMatch(/too old resource version/);

    // Watching from the compaction point itself is still fine.
    const fresh = watchEvents(
      '/api/v1/namespaces/shop/pods',
      { resourceVersion: String(server.store.resourceVersion) },
      e => e.length >= 1,
    );
    await new Promise(r => setTimeout(r, 50));
    server.store.upsert(pod('web-3'));
    expect((await fresh).events[0]).toMatchObject({
      type: 'ADDED',
      object: { metadata: { name: 'web-3' } },
    });
  });

  it('makes ListWatch relist after a 410 on re-watch', async () => {
    const kc = kubeConfig(server);
    const core = kc.makeApiClient(CoreV1Api);
    const path = '/api/v1/namespaces/shop/pods';
    const lw = new ListWatch<V1Pod>(
      path,
      new Watch(kc),
      () => core.listNamespacedPod({ namespace: 'shop' }),
      false,
    );
    await lw.start();
    try {
      await waitFor(() => server.openWatches() === 1);
      // Hold the re-watch back so a change and a compaction land in the gap.
      server.faults.latency(300, { pathPrefix: path, watch: true });
      server.faults.dropWatches({ graceful: true });
      server.store.upsert(pod('late'));
      server.store.compact();
      await waitFor(() => lw.get('late', 'shop') !== undefined);
      const calls = () =>
        server.requestLog
          .filter(r => r.path === path)
          .map(r => (r.watch ? 'watch' : 'list'));
      await waitFor(() => calls().length === 5);
      expect(calls()).toEqual(['list', 'watch', 'watch', 'list', 'watch']);
    } finally {
      await lw.stop();
    }
  });

  it('sends bookmarks periodically and on request', async () => {
    const got = watchEvents(
      '/api/v1/pods',
      {
        resourceVersion: String(server.store.resourceVersion),
        allowWatchBookmarks: true,
      },
      e => e.filter(x => x.type === 'BOOKMARK').length >= 2,
    );
    const { events } = await got;
    const marks = events.filter(e => e.type === 'BOOKMARK');
    expect(marks[0].object).toMatchObject({ kind: 'Pod', apiVersion: 'v1' });
    expect(marks[0].object.metadata.resourceVersion).toBe(
      String(server.store.resourceVersion),
    );

    await server.stop();
    server = await startKubeApiServer({
      fixtures: [ns('shop')],
      bookmarkIntervalMs: 0,
    });
    const onRequest = watchEvents(
      '/api/v1/pods',
      {
        allowWatchBookmarks: true,
        resourceVersion: String(server.store.resourceVersion),
      },
      e => e.length >= 1,
    );
    await waitFor(() => server.openWatches() === 1);
    server.store.upsert(ns('other'));
    expect(server.sendBookmarks()).toBe(1);
    const { events: ev2 } = await onRequest;
    expect(ev2[0].type).toBe('BOOKMARK');
    expect(ev2[0].object.metadata.resourceVersion).toBe(
      String(server.store.resourceVersion),
    );
  });

  it('rejects a missing or unknown token with 401 and an unauthorised resource with 403', async () => {
    await server.stop();
    server = await startKubeApiServer({
      fixtures: [ns('shop'), pod('web-1')],
      tokens: {
        'reader-token': {
          allow: ['pods', 'namespaces'],
          verbs: ['get', 'list', 'watch'],
          user: 'reader',
        },
        admin: {},
      },
    });
    const bad = kubeConfig(server, 'nope').makeApiClient(CoreV1Api);
    const e401 = await bad
      .listNamespacedPod({ namespace: 'shop' })
      .catch(e => e);
    expect(e401).toBeInstanceOf(ApiException);
    expect(e401.code).toBe(401);

    const reader = kubeConfig(server, 'reader-token').makeApiClient(CoreV1Api);
    expect(
      (await reader.listNamespacedPod({ namespace: 'shop' })).items,
    ).toHaveLength(1);
    const e403 = await reader
      .listNamespacedSecret({ namespace: 'shop' })
      .catch(e => e);
    expect(e403).toBeInstanceOf(ApiException);
    expect(e403.code).toBe(403);
    // The v1 client hands error bodies over as the raw JSON text.
    const status = JSON.parse(e403.body);
    expect(status).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      code: 403,
      details: { kind: 'secrets' },
    });
    expect(status.message).toMatch(
      /User "reader" cannot list resource "secrets"/,
    );
    const write = await reader
      .deleteNamespacedPod({ namespace: 'shop', name: 'web-1' })
      .catch(e => e);
    expect(write.code).toBe(403);

    const noHeader = await fetchStatus(server, '/api/v1/pods', undefined);
    expect(noHeader.code).toBe(401);
    expect(
      server.requestLog
        .filter(r => r.path.endsWith('/secrets'))
        .map(r => r.status),
    ).toEqual([403]);
  });

  it('injects 500s N times, latency, and logs every request', async () => {
    const core = kubeConfig(server).makeApiClient(CoreV1Api);
    server.faults.fail(
      { pathPrefix: '/api/v1/namespaces/shop/pods' },
      { times: 2 },
    );
    for (let i = 0; i < 2; i++) {
      const err = await core
        .listNamespacedPod({ namespace: 'shop' })
        .catch(e => e);
      expect(err.code).toBe(500);
      expect(JSON.parse(err.body)).toMatchObject({
        reason: 'InternalError',
        code: 500,
      });
    }
    expect(
      (await core.listNamespacedPod({ namespace: 'shop' })).items,
    ).toHaveLength(2);
    expect((await core.listNamespace()).items).toHaveLength(1);

    const id = server.faults.latency(300, { pathPrefix: '/api/v1/namespaces' });
    const t0 = Date.now();
    await core.listNamespacedPod({ namespace: 'shop' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    server.faults.clear(id);

    const pods = server.requestLog.filter(
      r => r.path === '/api/v1/namespaces/shop/pods',
    );
    expect(pods.map(r => r.status)).toEqual([500, 500, 200, 200]);
    expect(pods.every(r => r.method === 'GET' && r.user === 'admin')).toBe(
      true,
    );
    expect(server.requestLog.some(r => r.path.includes('secrets'))).toBe(false);
  });

  it('drops open watches on demand; refuses connections and resumes', async () => {
    const got = watchEvents(
      '/api/v1/namespaces/shop/pods',
      { resourceVersion: '0' },
      (_e, ended) => ended !== 'open',
    );
    await waitFor(() => server.openWatches() === 1);
    expect(server.faults.dropWatches()).toBe(1);
    const { events, ended } = await got;
    expect(events.map(e => e.type)).toEqual(['ADDED', 'ADDED']);
    expect(ended).toBeInstanceOf(Error); // abrupt: the client sees a premature close

    const core = kubeConfig(server).makeApiClient(CoreV1Api);
    await server.faults.refuseConnections();
    const refused = await core.listNamespace().catch(e => e);
    expect(String(refused.message ?? refused)).toMatch(/ECONNREFUSED/);
    await server.faults.resume();
    expect((await core.listNamespace()).items).toHaveLength(1);
  });

  it('answers 404 for a removed CRD and leaves it out of discovery', async () => {
    const objects = KubernetesObjectApi.makeApiClient(kubeConfig(server));
    const open = watchEvents(
      '/apis/cilium.io/v2/ciliumnetworkpolicies',
      {},
      (_e, ended) => ended !== 'open',
    );
    await waitFor(() => server.openWatches() === 1);
    server.catalogue.remove('cilium.io');
    expect((await open).ended).toBeNull(); // the watch ends cleanly, as when a CRD is deleted

    const err = await objects
      .list('cilium.io/v2', 'CiliumNetworkPolicy', 'shop')
      .catch(e => e);
    expect(err.code).toBe(404);
    const groups = await (
      await fetchJson(server, '/apis')
    ).groups.map((g: any) => g.name);
    expect(groups).not.toContain('cilium.io');
    expect(groups).toContain('apps');
    expect(
      (await fetchStatus(server, '/apis/cilium.io/v2', server.token)).code,
    ).toBe(404);

    server.catalogue.restore('cilium.io');
    server.catalogue.remove('cilium.io', 'ciliumclusterwidenetworkpolicies');
    const v2 = await fetchJson(server, '/apis/cilium.io/v2');
    expect(v2.resources.map((r: any) => r.name)).toEqual([
      'ciliumnetworkpolicies',
    ]);
  });

  it('server-side applies with field managers, conflicts, force and dry run', async () => {
    const kc = kubeConfig(server);
    const objects = KubernetesObjectApi.makeApiClient(kc);
    const policy: KubernetesObject & { spec: any } = {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: {
        name: 'peer-a-b',
        namespace: 'shop',
        labels: { owner: 'ytk' },
      },
      spec: {
        endpointSelector: { matchLabels: { app: 'b' } },
        ingress: [{ fromEndpoints: [{ matchLabels: { app: 'a' } }] }],
      },
    };
    const dry = await objects.patch(
      policy,
      undefined,
      'All',
      'ytk',
      true,
      PatchStrategy.ServerSideApply,
    );
    expect(dry.metadata?.name).toBe('peer-a-b');
    expect(
      server.store
        .list(
          server.store.resourceFor('cilium.io/v2', 'CiliumNetworkPolicy'),
          'shop',
        )
        .map(o => o.metadata?.name),
    ).toEqual(['allow-web']);

    const created = await objects.patch(
      policy,
      undefined,
      undefined,
      'ytk',
      true,
      PatchStrategy.ServerSideApply,
    );
    expect(created.metadata?.managedFields?.[0]).toMatchObject({
      manager: 'ytk',
      operation: 'Apply',
    });
    const rv1 = Number(created.metadata?.resourceVersion);

    // Another manager changing ytk's field conflicts unless forced.
    const other = structuredClone(policy);
    other.spec = { endpointSelector: { matchLabels: { app: 'c' } } };
    other.metadata!.labels = { owner: 'ytk' };
    const conflict = await objects
      .patch(
        other,
        undefined,
        undefined,
        'someone',
        false,
        PatchStrategy.ServerSideApply,
      )
      .catch(e => e);
    expect(conflict.code).toBe(409);
    expect(JSON.parse(conflict.body)).toMatchObject({ reason: 'Conflict' });
    const forced = await objects.patch(
      other,
      undefined,
      undefined,
      'someone',
      true,
      PatchStrategy.ServerSideApply,
    );
    expect((forced as any).spec.endpointSelector.matchLabels.app).toBe('c');
    expect(Number(forced.metadata?.resourceVersion)).toBeGreaterThan(rv1);

    // Re-applying without a field drops it when no one else owns it.
    const slim = structuredClone(policy);
    delete slim.metadata!.labels;
    delete slim.spec.ingress;
    const after = (await objects.patch(
      slim,
      undefined,
      undefined,
      'ytk',
      true,
      PatchStrategy.ServerSideApply,
    )) as any;
    expect(after.spec.ingress).toBeUndefined();
    expect(after.metadata.labels).toEqual({ owner: 'ytk' }); // 'someone' still owns it

    // Dry run validates: an invalid name is rejected without storing. (The client
    // lower-cases the URL path, so a name with capitals would be a 400 mismatch.)
    const invalid = {
      ...structuredClone(policy),
      metadata: { name: 'bad_name', namespace: 'shop' },
    };
    const err = await objects
      .patch(
        invalid,
        undefined,
        'All',
        'ytk',
        true,
        PatchStrategy.ServerSideApply,
      )
      .catch(e => e);
    expect(err.code).toBe(422);

    // Create with dry run, then for real; delete.
    const apps = kc.makeApiClient(AppsV1Api);
    const dep = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: 2 },
    };
    const dryDep = await apps.createNamespacedDeployment({
      namespace: 'shop',
      body: dep as any,
      dryRun: 'All',
    });
    expect(dryDep.metadata?.uid).toBeDefined();
    expect(
      (await apps.listNamespacedDeployment({ namespace: 'shop' })).items,
    ).toHaveLength(0);
    await apps.createNamespacedDeployment({
      namespace: 'shop',
      body: dep as any,
    });
    const dup = await apps
      .createNamespacedDeployment({ namespace: 'shop', body: dep as any })
      .catch(e => e);
    expect(dup.code).toBe(409);
    const noNs = await apps
      .createNamespacedDeployment({ namespace: 'ghost', body: dep as any })
      .catch(e => e);
    expect(noNs.code).toBe(404);
    await objects.delete({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
    });
    expect(
      (await apps.listNamespacedDeployment({ namespace: 'shop' })).items,
    ).toHaveLength(0);
  });
  it('honours DeleteOptions preconditions on uid and resourceVersion', async () => {
    const objects = KubernetesObjectApi.makeApiClient(kubeConfig(server));
    const ref = {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: 'allow-web', namespace: 'shop' },
    };
    const live = await objects.read(ref);
    const { uid, resourceVersion } = live.metadata!;
    const options = (p: { uid?: string; resourceVersion?: string }) => ({
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      preconditions: p,
    });
    const del = (p: { uid?: string; resourceVersion?: string }) =>
      objects.delete(
        ref,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        options(p),
      );
    const refuse = (p: { uid?: string; resourceVersion?: string }) =>
      del(p).catch(e => e);

    const wrongUid = await refuse({ uid: 'not-the-uid', resourceVersion });
    expect(wrongUid.code).toBe(409);
    expect(JSON.parse(wrongUid.body)).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Conflict',
      code: 409,
      message: `Operation cannot be fulfilled on ciliumnetworkpolicies.cilium.io "allow-web": Precondition failed: UID in precondition: not-the-uid, UID in object meta: ${uid}`,
    });
    const staleRv = await refuse({ uid, resourceVersion: '1' });
    expect(staleRv.code).toBe(409);
    expect(JSON.parse(staleRv.body).message).toContain(
      `Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: ${resourceVersion}`,
    );
    // Refused deletes left the object in place.
    expect((await objects.read(ref)).metadata?.uid).toBe(uid);

    // A change after the read moves resourceVersion on: the old precondition no longer holds.
    const r = server.store.resourceFor('cilium.io/v2', 'CiliumNetworkPolicy');
    const changed = server.store.get(r, 'shop', 'allow-web')!;
    changed.metadata!.labels = { owner: 'someone-else' };
    server.store.upsert(changed);
    expect((await refuse({ uid, resourceVersion })).code).toBe(409);

    const current = await objects.read(ref);
    const status = await del({
      uid,
      resourceVersion: current.metadata!.resourceVersion,
    });
    expect(status).toMatchObject({ status: 'Success' });
    expect(server.store.get(r, 'shop', 'allow-web')).toBeUndefined();
    // Gone: 404, whatever the preconditions.
    expect((await refuse({ uid })).code).toBe(404);
  });
});
