/**
 * @jest-environment node
 */
// The node environment has the WHATWG Response the client reads; jsdom does not.
import { ResponseError } from '@backstage/errors';
import { YtkClient } from './YtkClient';

function setup(respond: (url: string) => Response) {
  const urls: string[] = [];
  const client = new YtkClient({
    discoveryApi: {
      getBaseUrl: async (id: string) => `http://backstage.test/api/${id}`,
    },
    fetchApi: {
      fetch: async (input: RequestInfo | URL) => {
        urls.push(String(input));
        return respond(String(input));
      },
    },
  });
  return { client, urls };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

/** A Backstage error response body, as the backend's error handler writes it. */
const failure = (status: number, name: string, message: string) =>
  json(
    {
      error: { name, message },
      request: { method: 'GET', url: '/' },
      response: { statusCode: status },
    },
    status,
  );

describe('YtkClient observed flows', () => {
  it('asks for a team’s flows and an entity’s drops with the window and limit, encoded', async () => {
    const { client, urls } = setup(url =>
      json(
        url.includes('/drops')
          ? { entityRef: 'component:default/a b', drops: [], truncated: false }
          : { team: 'group:default/payments', observed: [], dropped: [] },
      ),
    );
    const flows = await client.getTeamFlows('group:default/payments', {
      window: '7d',
      limit: 50,
    });
    expect(flows.team).toBe('group:default/payments');
    await client.getTeamFlows('payments');
    const drops = await client.getEntityDrops(
      { kind: 'component', namespace: 'default', name: 'a b' },
      { window: '1h' },
    );
    expect(drops.entityRef).toBe('component:default/a b');
    expect(urls).toEqual([
      'http://backstage.test/api/ytk/teams/group%3Adefault%2Fpayments/flows?window=7d&limit=50',
      'http://backstage.test/api/ytk/teams/payments/flows',
      'http://backstage.test/api/ytk/entities/component/default/a%20b/drops?window=1h',
    ]);
  });

  it('turns a 400 (a bad window) and a 403 (another team) into ResponseErrors with the server’s message', async () => {
    const { client } = setup(url =>
      url.includes('/drops')
        ? failure(
            400,
            'InputError',
            "Invalid query parameter 'window': at most 90d",
          )
        : failure(
            403,
            'NotAllowedError',
            'Not a member of group:default/ledger',
          ),
    );
    const forbidden = await client.getTeamFlows('ledger').catch(e => e);
    expect(forbidden).toBeInstanceOf(ResponseError);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.cause.message).toBe(
      'Not a member of group:default/ledger',
    );
    const bad = await client
      .getEntityDrops(
        { kind: 'component', namespace: 'default', name: 'a' },
        { window: '365d' },
      )
      .catch(e => e);
    expect(bad).toBeInstanceOf(ResponseError);
    expect(bad.statusCode).toBe(400);
    expect(bad.cause.message).toContain('at most 90d');
  });
});
