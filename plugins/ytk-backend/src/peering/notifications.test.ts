/*
 * Notifications through the real notifications backend (@backstage/plugin-notifications-backend,
 * a dev dependency here): nothing of it is mocked. Its recipients resolve through the catalog
 * mock's Group hasMember relations, as they would against the real catalog.
 */
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import request from 'supertest';
import { ytkPlugin } from '../plugin';

const TEAMS: Record<string, string[]> = {
  'user:default/alice': ['user:default/alice', 'group:default/team-a'],
  'user:default/bob': ['user:default/bob', 'group:default/team-b'],
  'user:default/carol': ['user:default/carol', 'group:default/team-b'],
};

const user = (name: string, team: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { memberOf: [team] },
  relations: [{ type: 'memberOf', targetRef: `group:default/${team}` }],
});
const group = (name: string, members: string[]) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
  relations: members.map(m => ({
    type: 'hasMember',
    targetRef: `user:default/${m}`,
  })),
});
const component = (name: string, owner: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': name },
  },
  spec: { type: 'service', owner, lifecycle: 'production' },
});

async function start(withNotifications: boolean) {
  const backend = await startTestBackend({
    features: [
      ytkPlugin,
      ...(withNotifications ? [notificationsPlugin] : []),
      catalogServiceMock.factory({
        entities: [
          group('team-a', ['alice']),
          group('team-b', ['bob', 'carol']),
          user('alice', 'team-a'),
          user('bob', 'team-b'),
          user('carol', 'team-b'),
          component('web', 'team-a'),
          component('api', 'team-b'),
        ] as any,
      }),
      mockServices.rootConfig.factory({
        data: {
          // The notifications backend builds links from it.
          app: { baseUrl: 'http://localhost:3000' },
          ytk: {
            clusters: [
              {
                name: 'east',
                source: 'manifests',
                path: path.join(__dirname, '__fixtures__', 'east'),
              },
            ],
            overlay: { debounceMs: 10 },
          },
        },
      }),
      mockServices.userInfo.mock({
        getUserInfo: async (c: any) => ({
          userEntityRef: c.principal.userEntityRef,
          ownershipEntityRefs: TEAMS[c.principal.userEntityRef] ?? [],
        }),
      }).factory,
    ],
  });
  const as = (name: string) => {
    const header = mockCredentials.user.header(`user:default/${name}`);
    return {
      get: (p: string) =>
        request(backend.server).get(`/api${p}`).set('authorization', header),
      post: (p: string, body: object = {}) =>
        request(backend.server)
          .post(`/api${p}`)
          .set('authorization', header)
          .send(body),
    };
  };
  return { backend, as };
}

const body = (port: number) => ({
  from: 'east/shop/Deployment/web',
  to: { workload: 'east/pay/Deployment/api' },
  ports: [{ protocol: 'TCP', port }],
  reason: 'web renders prices from the api',
});

describe('peering notifications', () => {
  it('tells the target team about a new request and the requester about decisions', async () => {
    const h = await start(true);
    try {
      const titles = async (name: string) => {
        const res = await h.as(name).get('/notifications');
        expect(res.status).toBe(200);
        return res.body.notifications.map((n: any) => [
          n.payload.title,
          n.payload.link,
        ]);
      };
      const created = await h.as('alice').post('/ytk/peering', body(8443));
      expect(created.status).toBe(201);
      const link = `/ytk/peering/${created.body.id}`;
      for (const member of ['bob', 'carol'])
        expect(await titles(member)).toEqual([
          ['Peering request for east/pay/Deployment/api', link],
        ]);
      expect(await titles('alice')).toEqual([]);

      expect(
        (await h.as('bob').post(`/ytk/peering/${created.body.id}/approve`))
          .status,
      ).toBe(200);
      expect(await titles('alice')).toEqual([
        ['Your peering request was approved', link],
      ]);

      expect(
        (await h.as('bob').post(`/ytk/peering/${created.body.id}/apply`))
          .status,
      ).toBe(200);
      // One notification per request (scope), updated by the later decision.
      expect(await titles('alice')).toEqual([
        ['Your peering request was applied', link],
      ]);

      const rejected = await h.as('alice').post('/ytk/peering', body(8444));
      await h.as('carol').post(`/ytk/peering/${rejected.body.id}/reject`, {
        comment: 'use the gateway',
      });
      expect(await titles('alice')).toContainEqual([
        'Your peering request was rejected',
        `/ytk/peering/${rejected.body.id}`,
      ]);
    } finally {
      await h.backend.stop();
    }
  }, 60_000);

  it('works without the notifications backend: nothing is sent, nothing fails', async () => {
    const h = await start(false);
    try {
      const created = await h.as('alice').post('/ytk/peering', body(8443));
      expect(created.status).toBe(201);
      const approved = await h
        .as('bob')
        .post(`/ytk/peering/${created.body.id}/approve`);
      expect(approved.status).toBe(200);
      expect((await h.as('bob').get('/notifications')).status).toBe(404);
    } finally {
      await h.backend.stop();
    }
  }, 60_000);
});
