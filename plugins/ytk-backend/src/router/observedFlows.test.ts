/*
 * Observed flows end to end inside the backend: the real plugin, a real grpc-js Hubble Relay
 * (test server) for cluster east, a recorded jsonpb file for west, the real client, aggregation,
 * the database and the routes.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  EntityDropsResponse,
  ObservedFlow,
  TeamFlowsResponse,
} from '@ytknetwork/common';
import request from 'supertest';
import { ytkPlugin } from '../plugin';
import {
  flowsFromJsonpb,
  startHubbleTestServer,
  type HubbleTestServer,
} from '../flows/__testUtils__/hubbleTestServer';
import { waitFor } from '../flows/__testUtils__/waitFor';

const fixtures = path.join(__dirname, '..', '__fixtures__', 'manifests');
const flowFixtures = path.join(__dirname, '..', 'flows', '__fixtures__');
const EAST = flowsFromJsonpb(
  fs.readFileSync(path.join(flowFixtures, 'east.jsonl'), 'utf8'),
);
const TEAMS: Record<string, string[]> = {
  'user:default/alice': ['user:default/alice', 'group:default/team-a'],
  'user:default/bob': ['user:default/bob', 'group:default/team-b'],
};
const group = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name },
  spec: { type: 'team', children: [] },
});
const component = (name: string, owner: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations: { 'backstage.io/kubernetes-id': name } },
  spec: { type: 'service', owner, lifecycle: 'production' },
});
const as = (user: string) => mockCredentials.user.header(user);

/** The east fixture at the current time (inside any window), with fresh uuids. */
const recent = (tag: string, offsetMs = 0): ObservedFlow[] =>
  EAST.map((f, i) => ({
    ...f,
    uuid: `${tag}-${i}`,
    time: new Date(Date.now() - 60_000 + offsetMs + i).toISOString(),
  }));

async function start(eastAddress: string) {
  return startTestBackend({
    features: [
      ytkPlugin,
      catalogServiceMock.factory({
        entities: [
          group('team-a'),
          group('team-b'),
          component('shop-api', 'team-a'),
          component('pay', 'team-b'),
        ] as any,
      }),
      mockServices.rootConfig.factory({
        data: {
          ytk: {
            clusters: [
              {
                name: 'east',
                source: 'manifests',
                path: path.join(fixtures, 'east'),
                hubble: { address: eastAddress },
              },
              {
                name: 'west',
                source: 'manifests',
                path: path.join(fixtures, 'west'),
                hubble: { recorded: path.join(flowFixtures, 'west.jsonl') },
              },
            ],
            overlay: { debounceMs: 10 },
            flows: {
              flushInterval: { milliseconds: 100 },
              reconnect: { minMs: 20, maxMs: 200 },
            },
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
}

describe('observed flows routes', () => {
  let relay: HubbleTestServer;
  let backend: Awaited<ReturnType<typeof start>>;
  const flowsOf = (team: string, user: string, q = '') =>
    request(backend.server)
      .get(`/api/ytk/teams/${team}/flows${q}`)
      .set('Authorization', as(user));
  const clusters = async () =>
    (
      await request(backend.server)
        .get('/api/ytk/clusters')
        .set('Authorization', as('user:default/alice'))
    ).body as Array<{ name: string; flows: any }>;

  beforeAll(async () => {
    relay = await startHubbleTestServer();
    backend = await start(relay.address);
  }, 60_000);
  afterAll(async () => {
    await backend?.stop();
    await relay?.stop();
  });

  it('lists an allowed path with no traffic as unused before any flow', async () => {
    await waitFor(
      'the stream',
      () => relay.streams(),
      n => n === 1,
    );
    const res = await flowsOf('team-a', 'user:default/alice');
    expect(res.status).toBe(200);
    const body = res.body as TeamFlowsResponse;
    expect(body.observed).toEqual([]);
    expect(body.unused).toEqual([
      expect.objectContaining({
        from: { workload: 'east/shop/Deployment/pay' },
        to: { workload: 'east/shop/Deployment/api' },
        rule: expect.objectContaining({
          policyName: 'api-ingress',
          location: expect.objectContaining({
            uri: expect.stringContaining('shop.yaml'),
          }),
        }),
      }),
    ]);
    expect(body.sources).toEqual([
      { cluster: 'east', state: 'connected' },
      { cluster: 'west', state: 'recorded' },
    ]);
  });

  it('shows streamed flows on the team route with classification, counts and the deciding rule', async () => {
    relay.push(recent('a'));
    const body = (
      await waitFor(
        'four forwarded and two dropped flows stored',
        () => flowsOf('team-a', 'user:default/alice'),
        r =>
          r.body.observed?.[0]?.count === 4 && r.body.dropped?.[0]?.count === 2,
      )
    ).body as TeamFlowsResponse;
    expect(body.observed).toEqual([
      expect.objectContaining({
        cluster: 'east',
        source: 'east/shop/Deployment/pay',
        destination: 'east/shop/Deployment/api',
        protocol: 'TCP',
        port: 8080,
        verdict: 'FORWARDED',
        count: 4,
        classification: 'allowed-as-expected',
        decidedBy: [
          expect.objectContaining({
            direction: 'ingress',
            outcome: 'allowed',
            rules: [
              expect.objectContaining({
                policyName: 'api-ingress',
                location: expect.objectContaining({
                  range: expect.objectContaining({ start: expect.any(Object) }),
                }),
              }),
            ],
          }),
        ],
      }),
    ]);
    expect(body.dropped).toEqual([
      expect.objectContaining({
        source: 'east/shop/Deployment/api',
        destination: 'east/shop/Deployment/pay',
        port: 9090,
        dropReason: 'POLICY_DENIED',
        count: 2,
        classification: 'dropped-as-expected',
        decidedBy: [expect.objectContaining({ direction: 'ingress' })],
      }),
    ]);
    expect(body.unused).toEqual([]);
    expect(body.observed[0].firstSeen! <= body.observed[0].lastSeen!).toBe(
      true,
    );
  });

  it('shows the drops of an entity', async () => {
    const res = await request(backend.server)
      .get('/api/ytk/entities/component/default/pay/drops?window=1h')
      .set('Authorization', as('user:default/bob'));
    expect(res.status).toBe(200);
    const body = res.body as EntityDropsResponse;
    expect(body.entityRef).toBe('component:default/pay');
    expect(body.drops.map(d => [d.source, d.port, d.count])).toEqual([
      ['east/shop/Deployment/api', 9090, 2],
    ]);
  });

  it('scopes and validates like the other team routes', async () => {
    expect((await flowsOf('team-a', 'user:default/bob')).status).toBe(403);
    expect((await flowsOf('nobody', 'user:default/alice')).status).toBe(404);
    const bad = await flowsOf(
      'team-a',
      'user:default/alice',
      '?window=forever',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/query parameter 'window'/);
    const extra = await flowsOf('team-a', 'user:default/alice', '?verdict=x');
    expect(extra.status).toBe(400);
    expect(
      (await flowsOf('team-a', 'user:default/alice', '?limit=0')).body.error
        .message,
    ).toMatch(/'limit'/);
    expect(
      (
        await request(backend.server)
          .get('/api/ytk/entities/component/default/pay/drops?window=0h')
          .set('Authorization', as('user:default/bob'))
      ).status,
    ).toBe(400);
  });

  it('reports the recorded source and its bad line as an input problem with file and line', async () => {
    const west = (await clusters()).find(c => c.name === 'west')!;
    expect(west.flows).toMatchObject({
      state: 'recorded',
      source: 'recorded',
      flowsSeen: 3,
      inputProblems: 1,
    });
    const problems = await request(backend.server)
      .get('/api/ytk/clusters/west/input-problems')
      .set('Authorization', as('user:default/alice'));
    expect(problems.body.problems).toEqual([
      expect.objectContaining({
        code: 'hubble-flow-invalid',
        file: 'west.jsonl',
        line: 3,
        path: ['flow', 'l4', 'TCP', 'destination_port'],
      }),
    ]);
  });

  it('resumes after the relay resets the stream, without counting a flow twice', async () => {
    relay.resetStreams();
    await waitFor(
      'reconnected',
      async () => ({
        requests: relay.requests.length,
        east: (await clusters()).find(c => c.name === 'east')!.flows,
      }),
      v => v.requests === 2 && v.east.state === 'connected',
    );
    // The relay sent the last flow again (since is inclusive); the client skipped it.
    relay.push(recent('b', 1000));
    const body = (
      await waitFor(
        'eight forwarded flows',
        () => flowsOf('team-a', 'user:default/alice'),
        r =>
          r.body.observed?.[0]?.count === 8 && r.body.dropped?.[0]?.count === 4,
      )
    ).body as TeamFlowsResponse;
    expect(body.observed.map(e => e.count)).toEqual([8]);
    expect(body.dropped.map(e => e.count)).toEqual([4]);
  });

  it('says reconnecting while the relay is down, keeps the other cluster, and connects again', async () => {
    const port = relay.port;
    await relay.stop();
    const down = await waitFor(
      'east reconnecting',
      clusters,
      cs => cs.find(c => c.name === 'east')!.flows.state === 'reconnecting',
    );
    expect(down.find(c => c.name === 'east')!.flows.lastError).toBeDefined();
    expect(down.find(c => c.name === 'west')!.flows.state).toBe('recorded');
    // Stored flows stay readable while the relay is down.
    expect(
      (await flowsOf('team-a', 'user:default/alice')).body.observed[0].count,
    ).toBe(8);
    relay = await startHubbleTestServer({ port });
    const up = await waitFor(
      'east connected again',
      clusters,
      cs => cs.find(c => c.name === 'east')!.flows.state === 'connected',
    );
    expect(up.find(c => c.name === 'east')!.flows).toMatchObject({
      attempts: 0,
      flowsSeen: 12,
      droppedForBackpressure: 0,
    });
  });
});
