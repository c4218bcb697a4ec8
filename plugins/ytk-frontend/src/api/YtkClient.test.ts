/**
 * @jest-environment node
 */
// The node environment has the WHATWG Response the client reads; jsdom does not.
import { ResponseError } from '@backstage/errors';
import { YtkClient } from './YtkClient';

function setup(respond: (url: string, init?: RequestInit) => Response) {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const client = new YtkClient({
    discoveryApi: {
      getBaseUrl: async (id: string) => `http://backstage.test/api/${id}`,
    },
    fetchApi: {
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = String(input);
        calls.push({ url, init });
        return respond(url, init);
      },
    },
  });
  return { client, calls };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

describe('YtkClient', () => {
  it('builds scoped query strings and drops empty values', async () => {
    const { client, calls } = setup(() =>
      json({ overlayVersion: 3, nodes: [], connections: [] }),
    );
    const graph = await client.getConnectivity({
      team: 'group:default/payments',
      cluster: 'east',
      namespace: '',
    });
    expect(graph.overlayVersion).toBe(3);
    expect(calls[0].url).toBe(
      'http://backstage.test/api/ytk/connectivity?team=group%3Adefault%2Fpayments&cluster=east&aggregate=auto',
    );
  });

  it('asks for large graphs aggregated, with the namespaces to expand', async () => {
    const { client, calls } = setup(() =>
      json({ overlayVersion: 3, nodes: [], connections: [] }),
    );
    await client.getConnectivity(
      { team: 'group:default/payments' },
      { expand: ['east/pay', 'west/ledger'] },
    );
    await client.getConnectivity({}, { aggregate: 'none' });
    expect(calls.map(c => c.url)).toEqual([
      'http://backstage.test/api/ytk/connectivity?team=group%3Adefault%2Fpayments&aggregate=auto&expand=east%2Fpay%2Cwest%2Fledger',
      'http://backstage.test/api/ytk/connectivity?aggregate=none',
    ]);
  });

  it('wraps the policy list the backend answers as a bare array', async () => {
    const summary = { id: 'east/pay/NetworkPolicy/a', name: 'a' };
    const { client } = setup(() => json([summary]));
    await expect(
      client.getPolicies({ team: 'group:default/x' }),
    ).resolves.toEqual({ policies: [summary] });
  });

  it('encodes path segments of policies, entities and teams', async () => {
    const { client, calls } = setup(() => json({}));
    await client.getPolicy({
      cluster: 'east',
      namespace: 'pay',
      kind: 'CiliumNetworkPolicy',
      name: 'a b',
    });
    await client.getEntityNetwork({
      kind: 'component',
      namespace: 'default',
      name: 'checkout',
    });
    await client.getTeamOverview('group:default/payments');
    expect(calls.map(c => c.url)).toEqual([
      'http://backstage.test/api/ytk/policies/east/pay/CiliumNetworkPolicy/a%20b',
      'http://backstage.test/api/ytk/entities/component/default/checkout/network',
      'http://backstage.test/api/ytk/teams/group%3Adefault%2Fpayments/overview',
    ]);
  });

  it('passes explain parameters and posts lint bodies as JSON', async () => {
    const { client, calls } = setup(() => json({ findings: [] }));
    await client.explainFlow({
      from: 'east/pay/Deployment/api',
      to: 'entity:world',
      port: '443/TCP',
    });
    await client.lint({ text: 'kind: NetworkPolicy', uri: 'a.yaml' });
    expect(calls[0].url).toBe(
      'http://backstage.test/api/ytk/flows/explain?from=east%2Fpay%2FDeployment%2Fapi&to=entity%3Aworld&port=443%2FTCP',
    );
    expect(calls[1].init?.method).toBe('POST');
    expect(JSON.parse(String(calls[1].init?.body))).toEqual({
      text: 'kind: NetworkPolicy',
      uri: 'a.yaml',
    });
  });

  it('turns a non-OK response into a ResponseError carrying the server error', async () => {
    const { client } = setup(() =>
      json(
        {
          error: { name: 'NotFoundError', message: 'no workload east/x' },
          request: { method: 'GET', url: '/flows/explain' },
          response: { statusCode: 404 },
        },
        404,
      ),
    );
    const error = await client
      .explainFlow({ from: 'x', to: 'y', port: '80' })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.cause.name).toBe('NotFoundError');
    expect(error.cause.message).toBe('no workload east/x');
  });

  it('shares one request between identical GETs in flight, and only while in flight', async () => {
    let n = 0;
    const { client, calls } = setup(() => json({ overlayVersion: ++n }));
    const a = client.getConnectivity({ team: 't' });
    const b = client.getConnectivity({ team: 't' });
    const other = client.getConnectivity({ team: 'u' });
    expect((await a).overlayVersion).toBe((await b).overlayVersion);
    await other;
    expect(calls).toHaveLength(2);
    // Settled: the next call asks again.
    await client.getConnectivity({ team: 't' });
    expect(calls).toHaveLength(3);
  });

  it('does not share a failed GET with later calls', async () => {
    let fail = true;
    const { client, calls } = setup(() =>
      fail
        ? json({ error: { name: 'Error', message: 'boom' } }, 500)
        : json({ overlayVersion: 1 }),
    );
    const [x, y] = await Promise.allSettled([
      client.getClusters(),
      client.getClusters(),
    ]);
    expect(x.status).toBe('rejected');
    expect(y.status).toBe('rejected');
    expect(calls).toHaveLength(1);
    fail = false;
    await client.getClusters();
    expect(calls).toHaveLength(2);
  });
});

describe('YtkClient.getInputProblems', () => {
  it('asks for one cluster, encoded, with the severity when given', async () => {
    const body = {
      cluster: 'east/1',
      total: 0,
      truncated: false,
      problems: [],
    };
    const { client, calls } = setup(() => json(body));
    expect(await client.getInputProblems('east/1')).toEqual(body);
    await client.getInputProblems('east', { severity: 'error' });
    expect(calls.map(c => c.url)).toEqual([
      'http://backstage.test/api/ytk/clusters/east%2F1/input-problems',
      'http://backstage.test/api/ytk/clusters/east/input-problems?severity=error',
    ]);
  });

  it('reads a team’s posture, its history and an entity’s posture', async () => {
    const { client, calls } = setup(url =>
      json(url.includes('/history') ? { entries: [] } : { counts: {} }),
    );
    await client.getTeamPosture('group:default/payments');
    await client.getTeamPostureHistory('payments', { limit: 20 });
    await client.getTeamPostureHistory('payments');
    await client.getEntityPosture({
      kind: 'component',
      namespace: 'default',
      name: 'fraud scoring',
    });
    expect(calls.map(c => c.url)).toEqual([
      'http://backstage.test/api/ytk/teams/group%3Adefault%2Fpayments/posture',
      'http://backstage.test/api/ytk/teams/payments/posture/history?limit=20',
      'http://backstage.test/api/ytk/teams/payments/posture/history',
      'http://backstage.test/api/ytk/entities/component/default/fraud%20scoring/posture',
    ]);
  });

  it('turns a 403 on a team’s posture into a ResponseError with the status', async () => {
    const { client } = setup(() =>
      json(
        { error: { name: 'NotAllowedError', message: 'Not a member' } },
        403,
      ),
    );
    const err = await client.getTeamPosture('payments').catch(e => e);
    expect(err).toBeInstanceOf(ResponseError);
    expect(err.statusCode).toBe(403);
  });
});
