import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { as, start } from './__testUtils__/routerHarness';

describe('GET /workloads', () => {
  let backend: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    backend = await start();
  });
  afterAll(() => backend.stop());

  const get = (query: string, user = 'user:default/alice') =>
    request(backend.server)
      .get(`/api/ytk/workloads${query}`)
      .set('Authorization', as(user));

  it('lists the workloads a selector matches, own in full and others as peers', async () => {
    const res = await get('?selector=app%20in%20(api,pay)&cluster=east');
    expect(res.status).toBe(200);
    expect(res.body.selector).toEqual({
      matchExpressions: [
        { key: 'app', operator: 'In', values: ['api', 'pay'] },
      ],
    });
    expect(res.body.total).toBe(2);
    const [api, pay] = res.body.workloads;
    expect(api.ref).toBe('east/shop/Deployment/api');
    // alice's team owns api: its labels are hers to see; pay is team-b's, shown as a peer.
    expect(api.labels).toMatchObject({ app: 'api' });
    expect(pay.ref).toBe('east/shop/Deployment/pay');
    expect(pay.labels).toEqual({});
  });

  it('narrows by cluster and namespace, caps with limit and keeps the total', async () => {
    const all = await get('?selector=app=api');
    expect(all.body.workloads.map((w: any) => w.ref)).toEqual([
      'east/shop/Deployment/api',
      'north/shop/Deployment/api',
    ]);
    expect(all.body.total).toBe(2);
    const capped = await get('?selector=app=api&limit=1');
    expect(capped.body.workloads).toHaveLength(1);
    expect(capped.body.total).toBe(all.body.total);
    const none = await get('?selector=app=api&namespace=nowhere');
    expect(none.body).toMatchObject({ total: 0, workloads: [] });
  });

  it.each([
    ['?selector=app%3E3', /Invalid query parameter 'selector': term 1/],
    ['?selector=app=web,,x', /empty term 2/],
    ['?limit=0', /Invalid query parameter 'limit'/],
    ['?colour=blue', /Invalid query parameter/],
  ])('rejects %p with a 400 that names the field', async (query, message) => {
    const res = await get(query);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('requires a signed-in caller', async () => {
    const res = await request(backend.server)
      .get('/api/ytk/workloads')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });
});
