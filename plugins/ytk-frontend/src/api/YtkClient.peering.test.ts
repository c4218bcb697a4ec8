/**
 * @jest-environment node
 */
// The node environment has the WHATWG Response the client reads; jsdom does not.
import { ResponseError } from '@backstage/errors';
import { YtkClient } from './YtkClient';

function setup(respond: (url: string, init?: RequestInit) => Response) {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const client = new YtkClient({
    discoveryApi: { getBaseUrl: async id => `http://backstage.test/api/${id}` },
    fetchApi: {
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        calls.push({ url: String(input), init });
        return respond(String(input), init);
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

describe('YtkClient findings and peering', () => {
  it('scopes GET /findings', async () => {
    const { client, calls } = setup(() => json({ findings: [] }));
    await client.getFindings({ team: 'group:default/ledger', cluster: '' });
    expect(calls[0].url).toBe(
      'http://backstage.test/api/ytk/findings?team=group%3Adefault%2Fledger',
    );
  });

  it('lists, creates and acts with JSON bodies', async () => {
    const { client, calls } = setup(() => json([]));
    await client.listPeering('incoming');
    await client.getPeering('a/b');
    await client.createPeering({
      from: 'east/pay/Deployment/api',
      to: { service: 'west/ledger/db' },
      ports: [{ protocol: 'TCP', port: 5432 }],
      reason: 'reports',
    });
    await client.actOnPeering('id-1', 'approve', { version: 3 });
    await client.previewPeering({
      from: 'east/shop/Deployment/web',
      to: { service: 'west/pay/api' },
      ports: [{ protocol: 'TCP', port: 8080 }],
      reason: 'prices',
    });
    expect(calls.map(c => [c.init?.method ?? 'GET', c.url])).toEqual([
      ['GET', 'http://backstage.test/api/ytk/peering?view=incoming'],
      ['GET', 'http://backstage.test/api/ytk/peering/a%2Fb'],
      ['POST', 'http://backstage.test/api/ytk/peering'],
      ['POST', 'http://backstage.test/api/ytk/peering/id-1/approve'],
      ['POST', 'http://backstage.test/api/ytk/peering/preview'],
    ]);
    expect(JSON.parse(String(calls[3].init?.body))).toEqual({ version: 3 });
    expect(JSON.parse(String(calls[4].init?.body)).reason).toBe('prices');
    expect(
      (calls[2].init?.headers as Record<string, string>)['Content-Type'],
    ).toBe('application/json');
  });

  it('throws ResponseError with the status on a 409', async () => {
    const { client } = setup(() =>
      json(
        {
          error: { name: 'ConflictError', message: 'moved on' },
          response: { statusCode: 409 },
        },
        409,
      ),
    );
    const err = await client.actOnPeering('id-1', 'reject').catch(e => e);
    expect(err).toBeInstanceOf(ResponseError);
    expect(err.statusCode).toBe(409);
  });
});
