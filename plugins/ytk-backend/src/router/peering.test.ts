import type { JsonObject } from '@backstage/types';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { ytkPlugin } from '../plugin';

const fixtures = path.join(__dirname, '..', 'peering', '__fixtures__');
const TEAMS: Record<string, string[]> = {
  'user:default/alice': ['user:default/alice', 'group:default/team-a'],
  'user:default/bob': ['user:default/bob', 'group:default/team-b'],
  'user:default/carol': ['user:default/carol', 'group:default/team-b'],
  'user:default/eve': ['user:default/eve', 'group:default/team-x'],
  'user:default/root': ['user:default/root', 'group:default/admins'],
};
const ADMINS = ['user:default/root'];

const group = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name },
  spec: { type: 'team', children: [] },
});
const component = (name: string, owner: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    annotations: { 'backstage.io/kubernetes-id': name },
  },
  spec: { type: 'service', owner, lifecycle: 'production' },
});
const entities = [
  group('team-a'),
  group('team-b'),
  group('team-x'),
  component('web', 'team-a'),
  component('api', 'team-b'),
];

/** Allows everything except ytk.peering.admin for non-admins, and `deny` for everyone. */
const permissions = (deny: string[] = []) =>
  mockServices.permissions.mock({
    authorize: async (reqs, opts: any) =>
      reqs.map(r => {
        const user = opts.credentials.principal.userEntityRef;
        const name = (r as any).permission.name;
        const ok =
          !deny.includes(name) &&
          (name !== 'ytk.peering.admin' || ADMINS.includes(user));
        return { result: ok ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
      }),
    authorizeConditional: async reqs =>
      reqs.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
  }).factory;

async function start(
  options: {
    deny?: string[];
    peering?: JsonObject;
    auditor?: ReturnType<typeof mockServices.auditor.mock>;
  } = {},
) {
  const backend = await startTestBackend({
    features: [
      ytkPlugin,
      ...(options.auditor ? [options.auditor.factory] : []),
      catalogServiceMock.factory({ entities: entities as any }),
      mockServices.rootConfig.factory({
        data: {
          ytk: {
            clusters: [
              {
                name: 'east',
                source: 'manifests',
                path: path.join(fixtures, 'east'),
              },
            ],
            overlay: { debounceMs: 10 },
            ...(options.peering ? { peering: options.peering } : {}),
          },
        },
      }),
      mockServices.userInfo.mock({
        getUserInfo: async (c: any) => ({
          userEntityRef: c.principal.userEntityRef,
          ownershipEntityRefs: TEAMS[c.principal.userEntityRef] ?? [],
        }),
      }).factory,
      permissions(options.deny),
    ],
  });
  const as = (user: string) => {
    const header = mockCredentials.user.header(`user:default/${user}`);
    return {
      get: (p: string) =>
        request(backend.server)
          .get(`/api/ytk${p}`)
          .set('authorization', header),
      post: (p: string, body: object = {}) =>
        request(backend.server)
          .post(`/api/ytk${p}`)
          .set('authorization', header)
          .send(body),
    };
  };
  return { backend, as };
}

const good = {
  from: 'east/shop/Deployment/web',
  to: { workload: 'east/pay/Deployment/api' },
  ports: [{ protocol: 'TCP', port: 8080 }],
  reason: 'web renders prices from the api',
};

describe('peering API', () => {
  let h: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    h = await start();
  });
  afterAll(() => h.backend.stop());

  it('creates a request with its generated policies and diff', async () => {
    const res = await h.as('alice').post('/peering', good);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      state: 'requested',
      version: 1,
      from: 'east/shop/Deployment/web',
      targets: ['east/pay/Deployment/api'],
      requester: 'user:default/alice',
      requesterTeam: 'group:default/team-a',
      targetTeam: 'group:default/team-b',
    });
    expect(res.body.generatedYaml).toContain('kind: NetworkPolicy');
    expect(res.body.policies).toHaveLength(2);
    expect(res.body.diff.removed).toEqual([]);

    // the same request again while it is open
    const dup = await h.as('alice').post('/peering', good);
    expect(dup.status).toBe(409);

    const detail = await h.as('bob').get(`/peering/${res.body.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.audit).toEqual([
      expect.objectContaining({
        action: 'create',
        actor: 'user:default/alice',
        afterState: 'requested',
      }),
    ]);
    expect(detail.body.allowedActions).toEqual(['approve', 'reject']);
    expect(
      (await h.as('alice').get(`/peering/${res.body.id}`)).body.allowedActions,
    ).toEqual(['cancel']);
    // another team cannot see it
    expect((await h.as('eve').get(`/peering/${res.body.id}`)).status).toBe(404);

    await h.as('alice').post(`/peering/${res.body.id}/cancel`);
  });

  it('refuses bad input, naming the field, and stores nothing', async () => {
    const cases: Array<[object, number, RegExp]> = [
      [{ ...good, ports: [{ port: 70000 }] }, 400, /ports\[0\]\.port/],
      [
        { ...good, ports: [{ port: 8080, endPort: 80 }] },
        400,
        /ports\[0\]\.endPort/,
      ],
      [{ ...good, reason: ' ' }, 400, /reason/],
      [{ ...good, expiresAt: '2000-01-01T00:00:00Z' }, 400, /expiresAt/],
      [{ ...good, from: 'east/shop/Deployment/nope' }, 400, /from/],
      [{ ...good, to: { workload: good.from } }, 400, /to/],
      [{ ...good, extra: 1 }, 400, /extra|Unrecognized/],
      [{ ...good, ports: [{ port: 9000 }] }, 409, /Already allowed/],
    ];
    for (const [body, status, message] of cases) {
      const res = await h.as('alice').post('/peering', body);
      expect({ status: res.status, body }).toEqual({ status, body });
      expect(res.body.error.message).toMatch(message);
    }
    const mine = await h.as('alice').get('/peering?view=mine');
    expect(mine.body.filter((r: any) => r.state === 'requested')).toEqual([]);
  });

  it('previews the YAML, diff and verification of a request without storing it', async () => {
    const before = (await h.as('alice').get('/peering?view=mine')).body;
    const res = await h.as('alice').post('/peering/preview', {
      ...good,
      ports: [{ port: 7070 }],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      from: 'east/shop/Deployment/web',
      targets: ['east/pay/Deployment/api'],
      ports: [{ protocol: 'TCP', port: 7070 }],
      requesterTeam: 'group:default/team-a',
      targetTeam: 'group:default/team-b',
      verification: { ok: true, overlayVersion: expect.any(Number) },
    });
    expect(res.body.id).toBeUndefined();
    expect(res.body.state).toBeUndefined();
    expect(res.body.generatedYaml).toContain('kind: NetworkPolicy');
    expect(res.body.generatedYaml).toContain('ytk.io/peering-request: preview');
    expect(res.body.diff.removed).toEqual([]);
    expect(res.body.diff.changed.length + res.body.diff.added.length).toBe(1);
    // nothing stored: the same request can still be created, and then previews as a duplicate
    expect((await h.as('alice').get('/peering?view=mine')).body).toEqual(
      before,
    );
    const created = await h
      .as('alice')
      .post('/peering', { ...good, ports: [{ port: 7070 }] });
    expect(created.status).toBe(201);
    // the stored request has the preview's policies, under its own id
    expect(created.body.generatedYaml).toBe(
      res.body.generatedYaml.replace(/preview/g, created.body.id),
    );
    const dup = await h
      .as('alice')
      .post('/peering/preview', { ...good, ports: [{ port: 7070 }] });
    expect(dup.status).toBe(409);
    await h.as('alice').post(`/peering/${created.body.id}/cancel`);
  });

  it('refuses the same bad input on preview as on create', async () => {
    const cases: Array<[string, object, number, RegExp]> = [
      ['alice', { ...good, from: 'east/shop/Deployment/nope' }, 400, /from/],
      [
        'alice',
        { ...good, to: { workload: 'east/pay/Deployment/nope' } },
        400,
        /to/,
      ],
      ['alice', { ...good, ports: [{ port: 0 }] }, 400, /ports\[0\]\.port/],
      ['alice', { ...good, ports: [{ port: 65536 }] }, 400, /ports\[0\]\.port/],
      ['alice', { ...good, ports: [{ port: 9000 }] }, 409, /Already allowed/],
      ['alice', { ...good, reason: 'x'.repeat(2001) }, 400, /reason/],
      ['alice', { ...good, reason: 'x'.repeat(10_001) }, 400, /reason/],
      ['eve', good, 403, /not owned by one of your teams/],
    ];
    for (const [user, body, status, message] of cases) {
      const res = await h.as(user).post('/peering/preview', body);
      expect({ status: res.status, body }).toEqual({ status, body });
      expect(res.body.error.message).toMatch(message);
    }
  });

  it('refuses a request for a workload the caller does not own', async () => {
    const res = await h.as('eve').post('/peering', good);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/not owned by one of your teams/);
  });

  it('walks requested → approved → applied (export) with an audit trail', async () => {
    const { body: created } = await h
      .as('alice')
      .post('/peering', { ...good, ports: [{ port: 8443 }] });
    // only the target's owners review; the requester cannot approve
    expect(
      (await h.as('alice').post(`/peering/${created.id}/approve`)).status,
    ).toBe(403);
    expect(
      (await h.as('eve').post(`/peering/${created.id}/approve`)).status,
    ).toBe(404);
    // applying before approval is a conflict
    expect(
      (await h.as('bob').post(`/peering/${created.id}/apply`)).status,
    ).toBe(409);

    const approved = await h
      .as('bob')
      .post(`/peering/${created.id}/approve`, { comment: 'ok for prices' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'approved', version: 2 });

    const applied = await h.as('bob').post(`/peering/${created.id}/apply`);
    expect(applied.status).toBe(200);
    expect(applied.body.state).toBe('applied');
    expect(applied.body.applyResult).toMatchObject({
      mode: 'export',
      ok: true,
      clusters: [{ cluster: 'east', mode: 'export', ok: true, created: [] }],
    });
    expect(applied.body.applyResult.yaml).toBe(created.generatedYaml);

    // a retried apply is idempotent
    const again = await h.as('bob').post(`/peering/${created.id}/apply`);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(applied.body);

    const detail = await h.as('alice').get(`/peering/${created.id}`);
    expect(
      detail.body.audit.map((a: any) => [
        a.action,
        a.actor,
        a.beforeState ?? null,
        a.afterState,
        a.comment ?? null,
      ]),
    ).toEqual([
      ['create', 'user:default/alice', null, 'requested', null],
      ['approve', 'user:default/bob', 'requested', 'approved', 'ok for prices'],
      ['apply', 'user:default/bob', 'approved', 'applied', null],
    ]);
  });

  it('rejects and cancels; closed requests cannot move again', async () => {
    const a = (
      await h.as('alice').post('/peering', { ...good, ports: [{ port: 81 }] })
    ).body;
    const rejected = await h
      .as('carol')
      .post(`/peering/${a.id}/reject`, { comment: 'use the gateway' });
    expect(rejected.body.state).toBe('rejected');
    expect((await h.as('bob').post(`/peering/${a.id}/approve`)).status).toBe(
      409,
    );

    const b = (
      await h.as('alice').post('/peering', { ...good, ports: [{ port: 82 }] })
    ).body;
    expect((await h.as('bob').post(`/peering/${b.id}/cancel`)).status).toBe(
      403,
    );
    const cancelled = await h.as('alice').post(`/peering/${b.id}/cancel`);
    expect(cancelled.body.state).toBe('cancelled');
  });

  it('lets only one of two racing approvals win', async () => {
    const r = (
      await h.as('alice').post('/peering', { ...good, ports: [{ port: 83 }] })
    ).body;
    const [x, y] = await Promise.all([
      h.as('bob').post(`/peering/${r.id}/approve`, { version: r.version }),
      h.as('carol').post(`/peering/${r.id}/approve`, { version: r.version }),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    // a stale version is a conflict too
    expect(
      (await h.as('bob').post(`/peering/${r.id}/apply`, { version: 1 })).status,
    ).toBe(409);
  });

  it('lists mine, incoming, and all (admins only)', async () => {
    const mine = await h.as('alice').get('/peering?view=mine');
    const incoming = await h.as('bob').get('/peering?view=incoming');
    expect(mine.status).toBe(200);
    expect(mine.body.length).toBeGreaterThan(0);
    expect(mine.body[0].generatedYaml).toBeUndefined();
    expect(incoming.body.map((r: any) => r.id).sort()).toEqual(
      mine.body.map((r: any) => r.id).sort(),
    );
    expect((await h.as('bob').get('/peering?view=mine')).body).toEqual([]);
    expect((await h.as('alice').get('/peering?view=all')).status).toBe(403);
    const all = await h.as('root').get('/peering?view=all');
    expect(all.status).toBe(200);
    expect(all.body).toHaveLength(mine.body.length);
    expect((await h.as('alice').get('/peering?view=bogus')).status).toBe(400);
    expect((await h.as('alice').get('/peering/not-a-uuid')).status).toBe(400);
  });
});

describe('peering API permissions and config', () => {
  it('needs ytk.peering.create to create', async () => {
    const h = await start({ deny: ['ytk.peering.create'] });
    const res = await h.as('alice').post('/peering', good);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/ytk\.peering\.create/);
    const preview = await h.as('alice').post('/peering/preview', good);
    expect(preview.status).toBe(403);
    expect((await h.as('alice').get('/peering?view=mine')).body).toEqual([]);
    await h.backend.stop();
  });

  it('applies only for the configured group when applyBy is a group', async () => {
    const h = await start({ peering: { applyBy: 'group:default/admins' } });
    const r = (await h.as('alice').post('/peering', good)).body;
    await h.as('bob').post(`/peering/${r.id}/approve`);
    expect((await h.as('bob').post(`/peering/${r.id}/apply`)).status).toBe(403);
    const applied = await h.as('root').post(`/peering/${r.id}/apply`);
    expect(applied.status).toBe(200);
    expect(applied.body.state).toBe('applied');
    await h.backend.stop();
  });

  it('emits an auditor event for every transition, failures included', async () => {
    const events: Array<{ eventId: string; outcome?: string }> = [];
    const auditor = mockServices.auditor.mock({
      createEvent: async ({ eventId }) => {
        const e: { eventId: string; outcome?: string } = { eventId };
        events.push(e);
        return {
          success: async () => {
            e.outcome = 'success';
          },
          fail: async () => {
            e.outcome = 'fail';
          },
        };
      },
    });
    const h = await start({ auditor });
    const r = (await h.as('alice').post('/peering', good)).body;
    await h.as('alice').post(`/peering/${r.id}/approve`); // not the owner
    await h.as('bob').post(`/peering/${r.id}/approve`);
    await h.as('bob').post(`/peering/${r.id}/apply`);
    expect(events).toEqual([
      { eventId: 'peering-create', outcome: 'success' },
      { eventId: 'peering-approve', outcome: 'fail' },
      { eventId: 'peering-approve', outcome: 'success' },
      { eventId: 'peering-apply', outcome: 'success' },
    ]);
    await h.backend.stop();
  });

  it('refuses to approve or apply a request once it expired', async () => {
    const h = await start();
    // Long enough for both requests and b's approval on a loaded machine; then the test waits
    // for the clock to pass both expiries (a condition, not a guess at how long that takes).
    const soon = () => new Date(Date.now() + 4000).toISOString();
    const a = (
      await h.as('alice').post('/peering', {
        ...good,
        ports: [{ port: 84 }],
        expiresAt: soon(),
      })
    ).body;
    const b = (
      await h.as('alice').post('/peering', {
        ...good,
        ports: [{ port: 85 }],
        expiresAt: soon(),
      })
    ).body;
    expect(a.expiresAt).toBeDefined();
    expect((await h.as('bob').post(`/peering/${b.id}/approve`)).status).toBe(
      200,
    );
    const expiry = Math.max(Date.parse(a.expiresAt), Date.parse(b.expiresAt));
    while (Date.now() <= expiry)
      await new Promise(r => setTimeout(r, expiry - Date.now() + 1));
    const approve = await h.as('bob').post(`/peering/${a.id}/approve`);
    expect(approve.status).toBe(409);
    expect(approve.body.error.message).toMatch(
      /expired at .*cannot be approved/,
    );
    const apply = await h.as('bob').post(`/peering/${b.id}/apply`);
    expect(apply.status).toBe(409);
    expect(apply.body.error.message).toMatch(/expired at .*cannot be applied/);
    // the buttons are gone too; rejecting an expired request is still allowed
    expect(
      (await h.as('bob').get(`/peering/${a.id}`)).body.allowedActions,
    ).toEqual(['reject']);
    expect(
      (await h.as('bob').get(`/peering/${b.id}`)).body.allowedActions,
    ).toEqual([]);
    await h.backend.stop();
  });
});
