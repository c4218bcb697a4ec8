import request from 'supertest';
import { as, start } from './__testUtils__/routerHarness';

const policyIds = (body: any) =>
  [...new Set(body.findings.map((f: any) => f.policyId))].sort();

const get = (backend: any, query: string, user = 'user:default/alice') =>
  request(backend.server)
    .get(`/api/ytk/findings${query}`)
    .set('authorization', as(user));

describe('GET /findings', () => {
  it('lists findings of policies with policyId and cluster, narrowed by scope', async () => {
    const backend = await start();
    try {
      const all = await get(backend, '');
      expect(all.status).toBe(200);
      expect(policyIds(all.body)).toEqual([
        'north/shop/NetworkPolicy/api-in',
        'north/shop/NetworkPolicy/pay-in',
      ]);
      const ghost = all.body.findings.find(
        (f: any) => f.policyId === 'north/shop/NetworkPolicy/api-in',
      );
      expect(ghost).toMatchObject({
        ruleId: 'peer-selects-nothing',
        cluster: 'north',
        severity: 'info',
      });
      expect(ghost.uri).toContain('shop.yaml');
      // Scope: a team, a cluster, a namespace.
      expect(policyIds((await get(backend, '?team=team-b')).body)).toEqual([
        'north/shop/NetworkPolicy/pay-in',
      ]);
      expect((await get(backend, '?cluster=east')).body.findings).toEqual([]);
      expect(
        policyIds((await get(backend, '?cluster=north&namespace=shop')).body),
      ).toHaveLength(2);
      expect((await get(backend, '?namespace=other')).body.findings).toEqual(
        [],
      );
    } finally {
      await backend.stop();
    }
  });

  it('rejects unknown and malformed query parameters with 400 naming the field', async () => {
    const backend = await start();
    try {
      const bad = await get(backend, '?cluster=Not_A_Name');
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/'cluster'/);
      const unknown = await get(backend, '?severity=error');
      expect(unknown.status).toBe(400);
    } finally {
      await backend.stop();
    }
  });

  it.each([
    ['user:default/alice', ['north/shop/NetworkPolicy/api-in']],
    ['user:default/bob', ['north/shop/NetworkPolicy/pay-in']],
    ['user:default/carol', []],
  ])(
    "%s sees findings of their teams' policies only",
    async (user, expected) => {
      const backend = await start({ conditional: true });
      try {
        const res = await get(backend, '', user);
        expect(res.status).toBe(200);
        expect(policyIds(res.body)).toEqual(expected);
      } finally {
        await backend.stop();
      }
    },
  );
});
