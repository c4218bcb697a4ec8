/*
 * The demo of `npm start`: the bundled example overlay with its recorded flows
 * (examples/flows/*.jsonl, as app-config.yaml wires them) shows observed traffic, drops and
 * unused allows on a team's flows route, with nothing else running.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { TeamFlowsResponse } from '@ytknetwork/common';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { ytkPlugin } from '../plugin';
import { waitFor } from './__testUtils__/waitFor';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const examples = path.join(root, 'examples');
const entities = ['org.yaml', 'systems.yaml', 'components.yaml'].flatMap(f =>
  parseAllDocuments(
    fs.readFileSync(path.join(examples, 'catalog', f), 'utf8'),
  ).map(d => d.toJS()),
);

describe('the example overlay with its recorded flows', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        ytkPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            ytk: {
              clusters: ['eu-west', 'us-east'].map(name => ({
                name,
                source: 'manifests',
                path: path.join(examples, 'overlay', name),
                hubble: {
                  recorded: path.join(examples, 'flows', `${name}.jsonl`),
                },
              })),
              overlay: { debounceMs: 10 },
              flows: { flushInterval: { milliseconds: 100 } },
            },
          },
        }),
        mockServices.userInfo.mock({
          getUserInfo: async (c: any) => ({
            userEntityRef: c.principal.userEntityRef,
            ownershipEntityRefs: ['group:default/storefront'],
          }),
        }).factory,
      ],
    });
  }, 60_000);
  afterAll(() => backend?.stop());

  it('serves observed edges, drops and unused allows of the storefront team', async () => {
    const edgeOf = (
      b: TeamFlowsResponse,
      src: string,
      dst: string,
      port: number,
    ) =>
      [...b.observed, ...b.dropped].filter(
        e =>
          e.source.endsWith(src) &&
          e.destination.endsWith(dst) &&
          e.port === port,
      );
    // Each cluster's replay is flushed on its own: wait until both have reached the database
    // (the eu-west local edge and the drop below), not just the first flows of either.
    const complete = (b: TeamFlowsResponse) =>
      new Set(b.observed.map(e => e.cluster)).size === 2 &&
      edgeOf(b, '/Deployment/web-frontend', '/Deployment/catalog-api', 8080)
        .map(e => e.cluster)
        .includes('eu-west') &&
      edgeOf(b, '/Deployment/web-frontend', '/payments-db', 5432).length > 0;
    const res = await waitFor(
      'the replayed flows in the database',
      () =>
        request(backend.server)
          .get('/api/ytk/teams/storefront/flows?window=7d&limit=1000')
          .set(
            'Authorization',
            mockCredentials.user.header('user:default/guest'),
          ),
      r => r.status === 200 && complete(r.body),
      60_000,
    );
    const body = res.body as TeamFlowsResponse;
    const edge = (src: string, dst: string, port: number) =>
      edgeOf(body, src, dst, port);
    // README of examples/flows: web-frontend → catalog-api is allowed, → payments-db dropped.
    expect(
      edge('/Deployment/web-frontend', '/Deployment/catalog-api', 8080),
    ).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          cluster: 'eu-west',
          verdict: 'FORWARDED',
          classification: 'allowed-as-expected',
        }),
      ]),
    );
    const toDb = edge('/Deployment/web-frontend', '/payments-db', 5432);
    expect(toDb.map(e => [e.verdict, e.classification])).toContainEqual([
      'DROPPED',
      'dropped-as-expected',
    ]);
    // Allowed paths of the team's rules with no forwarded flow: tightening candidates.
    expect(body.unused.length).toBeGreaterThan(0);
    expect(body.unused[0].rule.location?.uri).toMatch(/examples\/overlay\//);
    expect(body.sources).toEqual([
      { cluster: 'eu-west', state: 'recorded' },
      { cluster: 'us-east', state: 'recorded' },
    ]);
    // Times were moved to now: the newest flow is within the last minutes.
    const newest = Math.max(
      ...body.observed.map(e => Date.parse(e.lastSeen ?? '')),
    );
    expect(Date.now() - newest).toBeLessThan(60 * 60 * 1000);
    const health = await request(backend.server)
      .get('/api/ytk/clusters')
      .set('Authorization', mockCredentials.user.header('user:default/guest'));
    expect(
      health.body.map((c: any) => [
        c.name,
        c.flows.state,
        c.flows.inputProblems,
      ]),
    ).toEqual([
      ['eu-west', 'recorded', 0],
      ['us-east', 'recorded', 0],
    ]);
  }, 90_000);
});
