import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { ytkPlugin } from './plugin';
import {
  createYtkPolicyConditionalDecision,
  ytkPolicyConditions,
} from './permissions';

const fixtures = path.join(__dirname, '__fixtures__', 'manifests');
const TEAMS: Record<string, string[]> = {
  'user:default/alice': ['user:default/alice', 'group:default/team-a'],
  'user:default/bob': ['user:default/bob', 'group:default/team-b'],
};

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-a' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-b' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'shop-api',
      annotations: { 'backstage.io/kubernetes-id': 'shop-api' },
    },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'pay',
      annotations: { 'backstage.io/kubernetes-id': 'pay' },
    },
    spec: { type: 'service', owner: 'team-b', lifecycle: 'production' },
  },
];

const as = (user: string) => mockCredentials.user.header(user);

async function start(options: { deny?: boolean; conditional?: boolean } = {}) {
  const features: any[] = [
    ytkPlugin,
    // The real registry (the test default is an in-process mock without routes).
    actionsRegistryServiceFactory,
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
            {
              name: 'west',
              source: 'manifests',
              path: path.join(fixtures, 'west'),
            },
          ],
          lint: { maxBodyBytes: 2048 },
          overlay: { debounceMs: 10 },
        },
      },
    }),
    mockServices.userInfo.mock({
      getUserInfo: async (c: any) => ({
        userEntityRef: c.principal.userEntityRef,
        ownershipEntityRefs: TEAMS[c.principal.userEntityRef] ?? [
          c.principal.userEntityRef,
        ],
      }),
    }).factory,
  ];
  if (options.deny) {
    features.push(
      mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
    );
  }
  if (options.conditional) {
    // The policy a real deployment writes: read policies of your own teams only.
    features.push(
      mockServices.permissions.mock({
        authorize: async reqs =>
          reqs.map(() => ({ result: AuthorizeResult.ALLOW })),
        authorizeConditional: async (reqs, opts: any) => {
          const user = opts.credentials.principal.userEntityRef;
          return reqs.map(r =>
            createYtkPolicyConditionalDecision(
              r.permission as any,
              ytkPolicyConditions.isTeamMember({ claims: TEAMS[user] ?? [] }),
            ),
          ) as any;
        },
      }).factory,
    );
  }
  return startTestBackend({ features });
}

describe('ytk backend plugin (manifests source)', () => {
  it('serves clusters, teams and policies', async () => {
    const backend = await start();
    try {
      const clusters = await request(backend.server)
        .get('/api/ytk/clusters')
        .set('authorization', as('user:default/alice'));
      expect(clusters.status).toBe(200);
      expect(
        clusters.body.map((c: any) => [
          c.name,
          c.health.state,
          c.counts.workloads,
        ]),
      ).toEqual([
        ['east', 'connected', 2],
        ['west', 'connected', 1],
      ]);
      const teams = await request(backend.server)
        .get('/api/ytk/teams')
        .set('authorization', as('user:default/alice'));
      expect(teams.body).toEqual([
        { ref: 'group:default/team-a', name: 'team-a' },
      ]);
      const policies = await request(backend.server)
        .get('/api/ytk/policies?cluster=east')
        .set('authorization', as('user:default/alice'));
      expect(policies.body.map((p: any) => [p.id, p.team, p.selects])).toEqual([
        [
          'east/shop/NetworkPolicy/api-ingress',
          'group:default/team-a',
          ['east/shop/Deployment/api'],
        ],
        [
          'east/shop/NetworkPolicy/pay-ingress',
          'group:default/team-b',
          ['east/shop/Deployment/pay'],
        ],
      ]);
      const detail = await request(backend.server)
        .get('/api/ytk/policies/east/shop/NetworkPolicy/api-ingress')
        .set('authorization', as('user:default/alice'));
      expect(detail.status).toBe(200);
      expect(detail.body.yaml).toContain('name: api-ingress');
      expect(detail.body.yaml).not.toContain('pay-ingress');
    } finally {
      await backend.stop();
    }
  });

  it('rejects bad input with 400 naming the field, and big lint bodies with 413', async () => {
    const backend = await start();
    try {
      const bad = await request(backend.server)
        .get('/api/ytk/flows/explain?from=api&to=pay&port=https')
        .set('authorization', as('user:default/alice'));
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/'port'/);
      const missing = await request(backend.server)
        .get('/api/ytk/policies/east/shop/Pod/x')
        .set('authorization', as('user:default/alice'));
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toMatch(/'kind'/);
      const big = await request(backend.server)
        .post('/api/ytk/lint')
        .set('authorization', as('user:default/alice'))
        .set('content-type', 'text/yaml')
        .send('x: y\n'.repeat(1000));
      expect(big.status).toBe(413);
      const notFound = await request(backend.server)
        .get('/api/ytk/policies/east/shop/NetworkPolicy/nope')
        .set('authorization', as('user:default/alice'));
      expect(notFound.status).toBe(404);
    } finally {
      await backend.stop();
    }
  });

  it('answers probes on /health without credentials, with the status only', async () => {
    const backend = await start();
    try {
      // The test backend treats a missing header as a user: send "none" explicitly.
      const none = mockCredentials.none.header();
      const anon = await request(backend.server)
        .get('/api/ytk/health')
        .set('authorization', none);
      expect(anon.status).toBe(200);
      expect(anon.body).toEqual({ status: 'ok' });
      const full = await request(backend.server)
        .get('/api/ytk/health')
        .set('authorization', as('user:default/alice'));
      expect(full.body.status).toBe('ok');
      expect(full.body.clusters.map((c: any) => [c.name, c.state])).toEqual([
        ['east', 'connected'],
        ['west', 'connected'],
      ]);
      const clusters = await request(backend.server)
        .get('/api/ytk/clusters')
        .set('authorization', none);
      expect(clusters.status).toBe(401);
    } finally {
      await backend.stop();
    }
  });

  it("registers read-only actions that answer with the caller's view", async () => {
    const backend = await start();
    try {
      const actions = await request(backend.server)
        .get('/api/ytk/.backstage/actions/v1/actions')
        .set('authorization', as('user:default/alice'));
      expect(actions.status).toBe(200);
      expect(
        actions.body.actions.map((a: any) => [a.name, a.attributes.readOnly]),
      ).toEqual([
        ['explain-flow', true],
        ['team-connectivity', true],
      ]);
      const invoke = (
        name: string,
        input: object,
        user = 'user:default/alice',
      ) =>
        request(backend.server)
          .post(`/api/ytk/.backstage/actions/v1/actions/ytk:${name}/invoke`)
          .set('authorization', as(user))
          .send(input);
      const overview = await invoke('team-connectivity', { team: 'team-a' });
      expect(overview.status).toBe(200);
      expect(
        overview.body.output.overview.workloads.map((w: any) => w.ref),
      ).toEqual(['east/shop/Deployment/api']);
      const forbidden = await invoke(
        'team-connectivity',
        { team: 'team-a' },
        'user:default/bob',
      );
      expect(forbidden.status).toBe(403);
      const explain = await invoke('explain-flow', {
        from: 'east/shop/Deployment/api',
        to: 'east/shop/Deployment/pay',
        port: '8080',
      });
      expect(explain.status).toBe(200);
      expect(Object.keys(explain.body.output.verdict)).toEqual(
        expect.arrayContaining(['egress', 'ingress']),
      );
    } finally {
      await backend.stop();
    }
  });

  it('answers 403 when the permission policy denies', async () => {
    const backend = await start({ deny: true });
    try {
      for (const route of [
        '/clusters',
        '/teams',
        '/policies',
        '/connectivity',
        '/health',
      ]) {
        const res = await request(backend.server)
          .get(`/api/ytk${route}`)
          .set('authorization', as('user:default/alice'));
        expect([route, res.status]).toEqual([route, 403]);
      }
    } finally {
      await backend.stop();
    }
  });

  it.each([
    ['user:default/alice', 'api-ingress', 200],
    ['user:default/alice', 'pay-ingress', 403],
    ['user:default/bob', 'api-ingress', 403],
    ['user:default/bob', 'pay-ingress', 200],
  ])('%s reading %s → %i (team policies only)', async (user, name, status) => {
    const backend = await start({ conditional: true });
    try {
      const res = await request(backend.server)
        .get(`/api/ytk/policies/east/shop/NetworkPolicy/${name}`)
        .set('authorization', as(user));
      expect(res.status).toBe(status);
      const list = await request(backend.server)
        .get('/api/ytk/policies')
        .set('authorization', as(user));
      expect(list.body.some((p: any) => p.name === name)).toBe(status === 200);
      const overview = await request(backend.server)
        .get('/api/ytk/teams/team-a/overview')
        .set('authorization', as(user));
      expect(overview.status).toBe(user.endsWith('alice') ? 200 : 403);
    } finally {
      await backend.stop();
    }
  });
});
