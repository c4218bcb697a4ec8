import request from 'supertest';
import fs from 'node:fs';
import path from 'node:path';
import {
  LINTY,
  as,
  lintyClusterDir,
  start,
} from './__testUtils__/routerHarness';

describe('GET /teams/:team/overview', () => {
  it('serves one body per overlay version, with an ETag that revalidates', async () => {
    const backend = await start({ conditional: true });
    const { server } = backend;
    try {
      const first = await request(server)
        .get('/api/ytk/teams/team-a/overview')
        .set('Authorization', as('user:default/alice'));
      expect(first.status).toBe(200);
      expect(first.headers['content-type']).toMatch(/^application\/json/);
      expect(first.headers.etag).toBeDefined();
      expect(first.body.workloads.map((w: any) => w.ref)).toEqual([
        'east/shop/Deployment/api',
        'north/shop/Deployment/api',
      ]);
      // The linty cluster's api-in names a ghost peer; bob's pay-in is not alice's to count.
      expect(
        first.body.findingCounts.info +
          first.body.findingCounts.warning +
          first.body.findingCounts.error,
      ).toBeGreaterThan(0);

      const again = await request(server)
        .get('/api/ytk/teams/team-a/overview')
        .set('Authorization', as('user:default/alice'));
      expect(again.text).toBe(first.text);
      expect(again.headers.etag).toBe(first.headers.etag);

      const revalidated = await request(server)
        .get('/api/ytk/teams/team-a/overview')
        .set('Authorization', as('user:default/alice'))
        .set('If-None-Match', first.headers.etag);
      expect(revalidated.status).toBe(304);

      // The same neighbourhood as the connectivity graph of the team.
      const graph = await request(server)
        .get('/api/ytk/connectivity?team=team-a')
        .set('Authorization', as('user:default/alice'));
      const key = (c: any) =>
        `${c.from.workload ?? JSON.stringify(c.from)}>${c.to.workload ?? JSON.stringify(c.to)}`;
      const both = new Set(
        [...first.body.inbound, ...first.body.outbound].map(key),
      );
      expect([...both].sort()).toEqual(graph.body.connections.map(key).sort());
      expect(both.size).toBeGreaterThan(0);

      // A change to a cluster is a new overlay version: a new body, not the cached one.
      const version = first.body.overlayVersion;
      fs.writeFileSync(
        path.join(lintyClusterDir(), 'more.yaml'),
        LINTY.replace(/name: (api|pay)\b/g, 'name: $1-2'),
      );
      let changed: request.Response | undefined;
      for (let i = 0; i < 200; i++) {
        changed = await request(server)
          .get('/api/ytk/teams/team-a/overview')
          .set('Authorization', as('user:default/alice'))
          .set('If-None-Match', first.headers.etag);
        if (changed.status === 200 && changed.body.overlayVersion > version)
          break;
        await new Promise(r => setTimeout(r, 25));
      }
      expect(changed?.status).toBe(200);
      expect(changed?.headers.etag).not.toBe(first.headers.etag);
      expect(changed?.body.workloads.map((w: any) => w.ref)).toContain(
        'north/shop/Deployment/api-2',
      );
    } finally {
      fs.rmSync(path.join(lintyClusterDir(), 'more.yaml'), { force: true });
      await backend.stop();
    }
  });

  it('is for members only, and the body does not leak across teams', async () => {
    const backend = await start({ conditional: true });
    const { server } = backend;
    try {
      const alice = await request(server)
        .get('/api/ytk/teams/team-a/overview')
        .set('Authorization', as('user:default/alice'));
      const bob = await request(server)
        .get('/api/ytk/teams/team-a/overview')
        .set('Authorization', as('user:default/bob'));
      expect(alice.status).toBe(200);
      expect(bob.status).toBe(403);
      const bobsOwn = await request(server)
        .get('/api/ytk/teams/team-b/overview')
        .set('Authorization', as('user:default/bob'));
      expect(bobsOwn.status).toBe(200);
      expect(bobsOwn.body.team.ref).toBe('group:default/team-b');
      expect(bobsOwn.headers.etag).not.toBe(alice.headers.etag);
    } finally {
      await backend.stop();
    }
  });
});
