import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import {
  LINTY,
  as,
  lintyClusterDir,
  start,
} from './__testUtils__/routerHarness';

const alice = as('user:default/alice');

describe('overlay view headers', () => {
  it('name the version each response was answered from, its age, and a pending one', async () => {
    const backend = await start();
    const { server } = backend;
    try {
      const overview = await request(server)
        .get('/api/ytk/teams/team-a/overview')
        .set('Authorization', alice);
      expect(overview.status).toBe(200);
      const version = Number(overview.headers['ytk-overlay-version']);
      expect(version).toBe(overview.body.overlayVersion);
      expect(
        Number(overview.headers['ytk-overlay-age-ms']),
      ).toBeGreaterThanOrEqual(0);
      const graph = await request(server)
        .get('/api/ytk/connectivity?team=team-a')
        .set('Authorization', alice);
      expect(Number(graph.headers['ytk-overlay-version'])).toBe(
        graph.body.overlayVersion,
      );
      const entity = await request(server)
        .get('/api/ytk/entities/component/default/shop-api/network')
        .set('Authorization', alice);
      expect(entity.status).toBe(200);
      expect(entity.headers['ytk-overlay-version']).toBeDefined();

      // A change: until its views are ready, answers come from the version before, marked.
      fs.writeFileSync(
        path.join(lintyClusterDir(), 'more.yaml'),
        LINTY.replace(/name: (api|pay)\b/g, 'name: $1-2'),
      );
      const seen: string[] = [];
      const wrong: string[] = [];
      let changed: request.Response | undefined;
      for (let i = 0; i < 400; i++) {
        const res = await request(server)
          .get('/api/ytk/teams/team-a/overview')
          .set('Authorization', alice);
        const h = res.headers;
        seen.push(
          `${h['ytk-overlay-version']}/${h['ytk-overlay-pending'] ?? '-'}`,
        );
        // The body is of the version named; a pending one is newer.
        if (
          Number(h['ytk-overlay-version']) !== res.body.overlayVersion ||
          (h['ytk-overlay-pending'] !== undefined &&
            Number(h['ytk-overlay-pending']) <= res.body.overlayVersion)
        )
          wrong.push(
            `${seen[seen.length - 1]} body ${res.body.overlayVersion}`,
          );
        if (res.body.overlayVersion > version) {
          changed = res;
          break;
        }
        await new Promise(r => setTimeout(r, 10));
      }
      if (!changed) throw new Error(`no newer version; saw ${seen.join(' ')}`);
      expect(wrong).toEqual([]);
      expect(changed.body.workloads.map((w: any) => w.ref)).toContain(
        'north/shop/Deployment/api-2',
      );
    } finally {
      fs.rmSync(path.join(lintyClusterDir(), 'more.yaml'), { force: true });
      await backend.stop();
    }
  });
});
