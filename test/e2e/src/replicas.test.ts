/*
 * Two replicas of the backend on one PostgreSQL and one Redis (the real services on this
 * machine), as production Backstage runs behind a load balancer: peering state lives only in the
 * database, so a request made on one replica is listed and approvable on the other; two
 * approvals racing on both replicas give one winner and one 409 (the store's optimistic
 * concurrency); the expiry task (Backstage's scheduler, locked in the database) removes the
 * applied policies once; killing a replica loses nothing.
 *
 * The replicas run the same config except the guest provider's user: the demo backend signs in
 * with one configured guest, so the requester signs in on A and the approver on B. Each one's
 * token is then used on the other replica (the auth keys are in the shared database).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startKubeApiServer,
  type KubeApiServer,
} from '@ytknetwork/kube-api-test-server';
import { dropDatabases, pgConnection } from './install/scratchBackend';
import { repoRoot, stopGroup } from './portal';
import { guestAndClustersConfig } from './kubeClusters';
import { freePort } from './ports';
import { spawnRepoBackend, waitForReady } from './repoBackend';

const START = 300_000;
const STEP = 60_000;
// Long enough for create → race → apply on a loaded machine, short enough to wait for.
const EXPIRES_IN_MS = 60_000;
const REQUESTER = 'user:default/guest';
const APPROVER = 'user:default/pavel.payments';
const FROM = 'eu-west/storefront/Deployment/cart-service';
const SERVICE = 'us-east/payments/payment-gateway';

interface Replica {
  name: string;
  url: string;
  child: ChildProcess;
  log: () => string;
}

describe('two backend replicas on one PostgreSQL and Redis', () => {
  const clusters: Record<string, KubeApiServer> = {};
  const replicas: Replica[] = [];
  const dbPrefix = `ytk_replicas_${process.pid}_`;
  let dir: string;
  let tokens: { requester: string; approver: string };
  let requestId = '';

  /** What the replicas printed, without the readiness polls, for failure messages. */
  const outputs = () =>
    replicas
      .map(r => {
        const lines = r
          .log()
          .split('\n')
          .filter(l => !l.includes('/.backstage/health/v1/readiness'));
        return `--- ${r.name} ---\n${lines.join('\n').slice(-6000)}`;
      })
      .join('\n');

  async function startReplica(name: string, guest: string): Promise<Replica> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const config = join(dir, `app-config.${name}.yaml`);
    writeFileSync(
      config,
      [
        'backend:',
        `  baseUrl: ${url}`,
        `  listen: { host: 127.0.0.1, port: ${port} }`,
        '  database:',
        '    client: pg',
        `    connection: ${JSON.stringify(pgConnection())}`,
        `    prefix: ${dbPrefix}`,
        '  cache:',
        '    store: redis',
        `    connection: ${process.env.YTK_TEST_REDIS_CONNECTION ?? 'redis://127.0.0.1:6379'}`,
        // The shortest expiry interval the plugin accepts.
        ...guestAndClustersConfig(guest, clusters, [
          'expiryInterval: { seconds: 10 }',
        ]),
        '',
      ].join('\n'),
    );
    let log = '';
    const child = spawnRepoBackend(
      [join(repoRoot, 'app-config.yaml'), config],
      s => (log += s),
    );
    const replica = { name, url, child, log: () => log };
    replicas.push(replica);
    try {
      await waitForReady(
        `${url}/.backstage/health/v1/readiness`,
        Date.now() + START,
        child,
        () => log,
      );
    } catch (e) {
      throw new Error(`${name}: ${(e as Error).message}\n${outputs()}`);
    }
    return replica;
  }

  async function call(
    replica: Replica,
    token: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any }> {
    const res = await fetch(`${replica.url}/api/ytk${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  /** The replica's guest token once the catalog has resolved the user's team. */
  async function signIn(replica: Replica, user: string): Promise<string> {
    const deadline = Date.now() + STEP * 2;
    let seen = '';
    for (;;) {
      const res = await fetch(`${replica.url}/api/auth/guest/refresh`);
      const json = await res.json();
      const token: string = json.backstageIdentity?.token ?? '';
      const teams = token ? await call(replica, token, 'GET', '/teams') : null;
      seen = JSON.stringify({
        identity: json.backstageIdentity?.identity,
        teams,
      });
      if (
        json.backstageIdentity?.identity?.userEntityRef === user &&
        teams?.status === 200 &&
        teams.body.length > 0
      )
        return token;
      if (Date.now() > deadline)
        throw new Error(
          `${replica.name}: no team for ${user}: ${seen}\n${outputs()}`,
        );
      await new Promise(r => setTimeout(r, 1000));
    }
  }

  async function until<T>(
    what: string,
    probe: () => Promise<T>,
    done: (v: T) => boolean,
    timeoutMs: number,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (done(value)) return value;
      if (Date.now() > deadline)
        throw new Error(
          `${what}: still ${JSON.stringify(value).slice(0, 2000)}\n${outputs()}`,
        );
      await new Promise(r => setTimeout(r, 1000));
    }
  }

  beforeAll(
    async () => {
      dir = mkdtempSync(join(tmpdir(), 'ytk-replicas-'));
      for (const name of ['eu-west', 'us-east'])
        clusters[name] = await startKubeApiServer({
          clusterName: name,
          fixtures: join(repoRoot, 'examples/overlay', name),
        });
      // One after the other, as a rolling deployment starts them: the first runs the migrations.
      const a = await startReplica('A', REQUESTER);
      const b = await startReplica('B', APPROVER);
      tokens = {
        requester: await signIn(a, REQUESTER),
        approver: await signIn(b, APPROVER),
      };
    },
    START * 2 + STEP * 4,
  );

  afterAll(async () => {
    await Promise.all(replicas.map(r => stopGroup(r.child)));
    await Promise.all(Object.values(clusters).map(c => c.stop()));
    dropDatabases(dbPrefix);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, STEP);

  it(
    'lists a request made on one replica on the other, for the requester and the target team',
    async () => {
      const [a, b] = replicas;
      const created = await call(a, tokens.requester, 'POST', '/peering', {
        from: FROM,
        to: { service: SERVICE },
        ports: [{ protocol: 'TCP', port: 8443 }],
        reason: 'cart-service authorises card payments',
        expiresAt: new Date(Date.now() + EXPIRES_IN_MS).toISOString(),
      });
      expect({ status: created.status, state: created.body?.state }).toEqual({
        status: 201,
        state: 'requested',
      });
      requestId = created.body.id;

      // The requester's token (issued by A) on B; the approver's (issued by B) on A.
      const mine = await call(b, tokens.requester, 'GET', '/peering?view=mine');
      expect(mine.body.map((r: any) => r.id)).toContain(requestId);
      const incoming = await call(
        a,
        tokens.approver,
        'GET',
        '/peering?view=incoming',
      );
      expect(incoming.body.map((r: any) => r.id)).toContain(requestId);
    },
    STEP,
  );

  it(
    'gives two approvals racing on both replicas one winner and one 409',
    async () => {
      expect(requestId).not.toBe('');
      const [a, b] = replicas;
      const approve = (r: Replica) =>
        call(r, tokens.approver, 'POST', `/peering/${requestId}/approve`, {
          version: 1,
          comment: `approved on ${r.name}`,
        });
      const results = await Promise.all([approve(a), approve(b)]);
      expect(results.map(r => r.status).sort()).toEqual([200, 409]);
      const detail = await call(
        a,
        tokens.approver,
        'GET',
        `/peering/${requestId}`,
      );
      expect(
        detail.body.audit.filter((e: any) => e.action === 'approve'),
      ).toHaveLength(1);
      expect(detail.body).toMatchObject({ state: 'approved', version: 2 });
    },
    STEP,
  );

  it(
    'applies on one replica and expires once, the policies removed once from each cluster',
    async () => {
      expect(requestId).not.toBe('');
      const [a, b] = replicas;
      const applied = await call(
        b,
        tokens.approver,
        'POST',
        `/peering/${requestId}/apply`,
        {},
      );
      expect({ status: applied.status, state: applied.body?.state }).toEqual({
        status: 200,
        state: 'applied',
      });
      const named = (c: KubeApiServer) =>
        c.store.keys().filter(k => k.includes(`ytk-peering-${requestId}`));
      expect(named(clusters['eu-west'])).toHaveLength(1);
      expect(named(clusters['us-east'])).toHaveLength(1);

      // Both replicas run the expiry task every 10 s; the database lock lets one at a time.
      const expired = await until(
        'the request to expire',
        () => call(a, tokens.approver, 'GET', `/peering/${requestId}`),
        r => r.body?.state === 'expired',
        EXPIRES_IN_MS + STEP * 2,
      );
      expect(
        expired.body.audit.map((e: any) => [e.action, e.afterState]),
      ).toEqual([
        ['create', 'requested'],
        ['approve', 'approved'],
        ['apply', 'applied'],
        ['expire', 'expired'],
      ]);
      const policyName = `ytk-peering-${requestId}`;
      for (const c of Object.values(clusters)) {
        expect(named(c)).toEqual([]);
        const deletes = c.requestLog.filter(
          e => e.method === 'DELETE' && e.path.includes(policyName),
        );
        expect(deletes.map(e => e.status)).toEqual([200]);
      }
      // A's view and B's agree.
      const fromB = await call(
        b,
        tokens.requester,
        'GET',
        `/peering/${requestId}`,
      );
      expect(fromB.body).toEqual(expired.body);
    },
    EXPIRES_IN_MS + STEP * 4,
  );

  it(
    'loses nothing when a replica is killed',
    async () => {
      const [a, b] = replicas;
      const created = await call(a, tokens.requester, 'POST', '/peering', {
        from: FROM,
        to: { service: SERVICE },
        ports: [{ protocol: 'TCP', port: 9443 }],
        reason: 'made on A just before A dies',
      });
      expect(created.status).toBe(201);
      // SIGKILL: no shutdown hooks, as when a node dies.
      process.kill(-a.child.pid!, 'SIGKILL');
      await until(
        'replica A to die',
        async () => a.child.exitCode ?? a.child.signalCode,
        v => v !== null,
        STEP,
      );
      const all = await call(
        b,
        tokens.approver,
        'GET',
        '/peering?view=incoming',
      );
      expect(all.status).toBe(200);
      const ids = all.body.map((r: any) => r.id);
      expect(ids).toEqual(expect.arrayContaining([created.body.id]));
      const earlier = await call(
        b,
        tokens.approver,
        'GET',
        `/peering/${requestId}`,
      );
      expect(earlier.body.state).toBe('expired');
      // B carries on alone: it can still review what A took in.
      const rejected = await call(
        b,
        tokens.approver,
        'POST',
        `/peering/${created.body.id}/reject`,
        { comment: 'rejected on B after A died' },
      );
      expect({ status: rejected.status, state: rejected.body?.state }).toEqual({
        status: 200,
        state: 'rejected',
      });
    },
    STEP * 2,
  );
});
