import request from 'supertest';
import { as, start } from './__testUtils__/routerHarness';

const NETWORK = '/api/ytk/entities/component/default/shop-api/network';

describe('GET /entities/:kind/:namespace/:name/network', () => {
  it('serves callers who read every policy and own the same workloads one shared body, with an ETag that revalidates', async () => {
    const backend = await start();
    const { server } = backend;
    try {
      const alice = await request(server)
        .get(NETWORK)
        .set('Authorization', as('user:default/alice'));
      expect(alice.status).toBe(200);
      expect(alice.body.entityRef).toBe('component:default/shop-api');
      expect(alice.body.workloads.length).toBeGreaterThan(0);
      expect(alice.body.policies.length).toBeGreaterThan(0);
      expect(alice.headers.etag).toBeDefined();
      const again = await request(server)
        .get(NETWORK)
        .set('Authorization', as('user:default/alice'));
      expect(again.text).toBe(alice.text);
      expect(again.headers.etag).toBe(alice.headers.etag);
      const revalidated = await request(server)
        .get(NETWORK)
        .set('Authorization', as('user:default/alice'))
        .set('If-None-Match', alice.headers.etag);
      expect(revalidated.status).toBe(304);
      // The workloads are team-a's: bob (team-b) sees them as peers, never alice's body.
      const bob = await request(server)
        .get(NETWORK)
        .set('Authorization', as('user:default/bob'));
      expect(bob.status).toBe(200);
      expect(bob.headers.etag).not.toBe(alice.headers.etag);
      expect(bob.body.workloads.map((w: any) => w.podCount)).not.toEqual(
        alice.body.workloads.map((w: any) => w.podCount),
      );
      expect(bob.body.policies).toEqual(alice.body.policies);
    } finally {
      await backend.stop();
    }
  });

  it('answers a caller whose policy reads are conditional with only the policies they may read', async () => {
    const everything = await start();
    const conditional = await start({ conditional: true });
    try {
      const all = await request(everything.server)
        .get(NETWORK)
        .set('Authorization', as('user:default/alice'));
      const bodies = [];
      for (const user of ['alice', 'bob', 'alice']) {
        const res = await request(conditional.server)
          .get(NETWORK)
          .set('Authorization', as(`user:default/${user}`));
        expect(res.status).toBe(200);
        bodies.push(res.body);
      }
      const ids = (b: any) => b.policies.map((p: any) => p.id).sort();
      const [alice, bob, aliceAgain] = bodies;
      expect(ids(aliceAgain)).toEqual(ids(alice));
      // Each sees a part of what an unconditional reader sees, and not the same part.
      for (const b of [alice, bob])
        expect(ids(all.body)).toEqual(expect.arrayContaining(ids(b)));
      expect(ids(alice)).not.toEqual(ids(bob));
      expect(aliceAgain.workloads).toEqual(alice.workloads);
    } finally {
      await Promise.all([everything.stop(), conditional.stop()]);
    }
  });
});
