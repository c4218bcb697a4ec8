import request from 'supertest';
import fs from 'node:fs';
import path from 'node:path';
import type {
  EntityPosture,
  PostureHistory,
  TeamPosture,
} from '@ytknetwork/common';
import { OverlayService } from '../overlay/OverlayService';
import { as, lintyClusterDir, start } from './__testUtils__/routerHarness';

// The real assessment, counted where it is asked for (it runs in the lint worker): a report is
// assessed once per overlay version and scope.
const assess = jest.spyOn(OverlayService.prototype, 'postureReport');

const TEAM_A = ['east/shop/Deployment/api', 'north/shop/Deployment/api'];

/** A cilium-config for the linty cluster: audit mode on or off flips PR10 there. */
const ciliumConfig = (auditMode: boolean) => `apiVersion: v1
kind: ConfigMap
metadata: { name: cilium-config, namespace: kube-system }
data:
  cluster-name: north
  enable-policy: default
  policy-audit-mode: "${auditMode}"
`;

/** Polls `get` until `done` holds; the last value either way (the test's expect then says why). */
async function until<T>(
  get: () => Promise<T>,
  done: (v: T) => boolean,
): Promise<T> {
  let v = await get();
  for (let i = 0; i < 400 && !done(v); i++) {
    await new Promise(r => setTimeout(r, 25));
    v = await get();
  }
  return v;
}

describe('GET /teams/:team/posture', () => {
  it('is the team members’ report over the team’s workloads, assessed once per overlay version', async () => {
    // Cleared before start: the history recorder may assess the first version while the
    // backend starts (it is ready only once that version's views are in).
    assess.mockClear();
    const backend = await start({ conditional: true });
    const { server } = backend;
    try {
      const get = () =>
        request(server)
          .get('/api/ytk/teams/team-a/posture')
          .set('Authorization', as('user:default/alice'));
      const first = await get();
      expect(first.status).toBe(200);
      const body = first.body as TeamPosture;
      expect(body.team.ref).toBe('group:default/team-a');
      expect(body.scope.workloads).toEqual(TEAM_A);
      // Every workload boundary is one of the team's; bob's pay is not in it.
      const workloadBoundaries = body.results
        .filter(r => r.boundaryKind === 'workload')
        .map(r => r.boundary);
      expect(new Set(workloadBoundaries)).toEqual(new Set(TEAM_A));
      expect(JSON.stringify(body.results)).not.toContain('Deployment/pay');
      const { met, partly, notMet, unknown } = body.counts;
      expect(met + partly + notMet + unknown).toBe(body.requirements.length);
      expect(body.requirements.map(r => r.id)).toContain('PR01');

      // Policy evidence opens the policy view; a finding in bob's pay-in stays bob's.
      const evidence = body.results.flatMap(r => r.evidence);
      const policies = evidence.filter(e => e.kind === 'policy');
      expect(policies.length).toBeGreaterThan(0);
      for (const e of policies) expect(e.policyId).toBe(e.ref);
      expect(evidence.map(e => e.policyId)).not.toContain(
        'north/shop/NetworkPolicy/pay-in',
      );

      const again = await get();
      expect(again.body).toEqual(body);
      const calls = assess.mock.calls.filter(
        ([o, scope]) =>
          scope.name === 'group:default/team-a' &&
          o.version === body.overlayVersion,
      );
      // One assessment for the version, whether the recorder or a request asked first.
      expect(calls.length).toBe(1);
    } finally {
      await backend.stop();
    }
  });

  it('answers 403 to another team, 404 for an unknown team and a located 400 for a bad name', async () => {
    const backend = await start({ conditional: true });
    const { server } = backend;
    try {
      const bob = (url: string) =>
        request(server).get(url).set('Authorization', as('user:default/bob'));
      const other = await bob('/api/ytk/teams/team-a/posture');
      expect(other.status).toBe(403);
      expect(other.body.error.message).toBe(
        'Not a member of group:default/team-a',
      );
      expect((await bob('/api/ytk/teams/team-a/posture/history')).status).toBe(
        403,
      );
      expect((await bob('/api/ytk/teams/nobody/posture')).status).toBe(404);
      const bad = await bob('/api/ytk/teams/team%20b/posture');
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/^Invalid path 'team': /);
      const own = await bob('/api/ytk/teams/group:default%2Fteam-b/posture');
      expect(own.status).toBe(200);
      expect(own.body.scope.workloads).toEqual([
        'east/shop/Deployment/pay',
        'north/shop/Deployment/pay',
      ]);
      for (const [query, field] of [
        ['limit=0', 'limit'],
        ['limit=x', 'limit'],
        ['since=1', 'query parameter'],
      ]) {
        const res = await bob(`/api/ytk/teams/team-b/posture/history?${query}`);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain(
          `Invalid query parameter '${field}'`,
        );
      }
    } finally {
      await backend.stop();
    }
  });
});

describe('GET /teams/:team/posture/history', () => {
  it('grows when the overlay changes the posture, and keeps only maxEntries', async () => {
    const dir = lintyClusterDir();
    const file = path.join(dir, 'cilium-config.yaml');
    const backend = await start({
      conditional: true,
      ytk: { posture: { history: { maxEntries: 2 } } },
    });
    const { server } = backend;
    const history = async () =>
      (
        await request(server)
          .get('/api/ytk/teams/team-a/posture/history')
          .set('Authorization', as('user:default/alice'))
      ).body as PostureHistory;
    const newestVersion = (h: PostureHistory) =>
      h.entries[0]?.overlayVersion ?? 0;
    try {
      // The recorder writes the first version's summary without any request for it.
      const first = await until(history, h => h.entries.length > 0);
      expect(first.entries).toHaveLength(1);
      expect(first.retention.maxEntries).toBe(2);
      expect(first.retention.maxAgeSeconds).toBe(90 * 24 * 3600);

      // Audit mode on in north: PR10 is not met there, a new summary.
      fs.writeFileSync(file, ciliumConfig(true));
      const second = await until(
        history,
        h => newestVersion(h) > newestVersion(first),
      );
      expect(second.entries).toHaveLength(2);
      expect(second.entries[0].counts).not.toEqual(first.entries[0].counts);
      expect(second.entries[1]).toEqual(first.entries[0]);

      // Audit mode off: a third summary; the oldest is dropped.
      fs.writeFileSync(file, ciliumConfig(false));
      const third = await until(
        history,
        h => newestVersion(h) > newestVersion(second),
      );
      expect(third.entries).toHaveLength(2);
      expect(third.entries[1]).toEqual(second.entries[0]);
      expect(third.entries.map(e => e.overlayVersion)).not.toContain(
        first.entries[0].overlayVersion,
      );

      // The report of the current version agrees with the newest entry.
      const now = await request(server)
        .get('/api/ytk/teams/team-a/posture')
        .set('Authorization', as('user:default/alice'));
      expect(now.body.counts).toEqual(third.entries[0].counts);
      expect(now.body.overlayVersion).toBe(third.entries[0].overlayVersion);
    } finally {
      fs.rmSync(file, { force: true });
      await backend.stop();
    }
  });
});

describe('GET /entities/:kind/:namespace/:name/posture', () => {
  it('is the report over the entity’s workloads, for their owners', async () => {
    const backend = await start({ conditional: true });
    const { server } = backend;
    try {
      const get = (user: string, url: string) =>
        request(server).get(url).set('Authorization', as(user));
      const own = await get(
        'user:default/alice',
        '/api/ytk/entities/component/default/shop-api/posture',
      );
      expect(own.status).toBe(200);
      const body = own.body as EntityPosture;
      expect(body.entityRef).toBe('component:default/shop-api');
      expect(body.scope.workloads).toEqual(TEAM_A);
      expect(
        (
          await get(
            'user:default/bob',
            '/api/ytk/entities/component/default/shop-api/posture',
          )
        ).status,
      ).toBe(403);
      expect(
        (
          await get(
            'user:default/alice',
            '/api/ytk/entities/component/default/ghost/posture',
          )
        ).status,
      ).toBe(404);
      const bad = await get(
        'user:default/alice',
        '/api/ytk/entities/component/default/sh%20op/posture',
      );
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/^Invalid path 'name': /);
    } finally {
      await backend.stop();
    }
  });
});
