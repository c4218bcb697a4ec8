import { TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { PeeringStore, type NewPeering } from './store';
import { pgTestConnection } from './testing';

// The real PostgreSQL of this machine and CI (.ci/run starts it); TestDatabases reads the env.
process.env.BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING ??=
  pgTestConnection();

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_16'],
  disableDocker: true,
});

const request = (over: Partial<NewPeering> = {}): NewPeering => ({
  from: 'east/shop/Deployment/web',
  to: { workload: 'east/pay/Deployment/api' },
  targets: ['east/pay/Deployment/api'],
  ports: [
    { protocol: 'TCP', port: 8080 },
    { protocol: 'TCP', port: 80 },
  ],
  reason: 'checkout',
  requester: 'user:default/alice',
  requesterTeam: 'group:default/shop',
  targetTeam: 'group:default/pay',
  generatedYaml: 'kind: CiliumNetworkPolicy\n',
  policies: [],
  diff: { added: [], removed: [], changed: [] },
  ...over,
});

describe('PeeringStore', () => {
  it('runs on both databases', () => {
    expect(databases.eachSupportedId().map(([id]) => id)).toEqual([
      'SQLITE_3',
      'POSTGRES_16',
    ]);
  });

  describe.each(databases.eachSupportedId())('%p', databaseId => {
    let store: PeeringStore;
    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      store = await PeeringStore.create({ knex });
    }, 60_000);

    it('stores a request and reads it back with its audit entry', async () => {
      const r = await store.insert(request(), 'user:default/alice');
      expect(r).toMatchObject({
        state: 'requested',
        version: 1,
        from: 'east/shop/Deployment/web',
        ports: [
          { protocol: 'TCP', port: 8080 },
          { protocol: 'TCP', port: 80 },
        ],
        diff: { added: [], removed: [], changed: [] },
      });
      expect(await store.get(r.id)).toEqual(r);
      expect(await store.audit(r.id)).toEqual([
        expect.objectContaining({
          action: 'create',
          afterState: 'requested',
          actor: 'user:default/alice',
        }),
      ]);
      // cleanup for the next tests: close it
      await store.transition(r.id, {
        from: ['requested'],
        to: 'cancelled',
        version: 1,
        actor: 'user:default/alice',
        action: 'cancel',
      });
    });

    it('refuses a duplicate open request (ports in any order), not a closed one', async () => {
      const a = await store.insert(
        request({ from: 'east/shop/Deployment/dup' }),
        'x',
      );
      await expect(
        store.insert(
          request({
            from: 'east/shop/Deployment/dup',
            ports: [
              { protocol: 'TCP', port: 80 },
              { protocol: 'TCP', port: 8080 },
            ],
          }),
          'x',
        ),
      ).rejects.toBeInstanceOf(ConflictError);
      await store.transition(a.id, {
        from: ['requested'],
        to: 'rejected',
        version: 1,
        actor: 'y',
        action: 'reject',
      });
      const b = await store.insert(
        request({ from: 'east/shop/Deployment/dup' }),
        'x',
      );
      expect(b.id).not.toBe(a.id);
    });

    it('lets only one of two racing approvals win', async () => {
      const r = await store.insert(
        request({ from: 'east/shop/Deployment/race' }),
        'x',
      );
      const results = await Promise.allSettled(
        ['user:default/bob', 'user:default/carol'].map(actor =>
          store.transition(r.id, {
            from: ['requested'],
            to: 'approved',
            version: r.version,
            actor,
            action: 'approve',
          }),
        ),
      );
      const won = results.filter(x => x.status === 'fulfilled');
      const lost = results.filter(x => x.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(
        ConflictError,
      );
      const after = await store.get(r.id);
      expect(after).toMatchObject({ state: 'approved', version: 2 });
      expect((await store.audit(r.id)).map(a => a.action)).toEqual([
        'create',
        'approve',
      ]);
    });

    it('refuses a transition from the wrong state and an unknown id', async () => {
      const r = await store.insert(
        request({ from: 'east/shop/Deployment/wrong' }),
        'x',
      );
      await expect(
        store.transition(r.id, {
          from: ['approved'],
          to: 'applied',
          version: 1,
          actor: 'x',
          action: 'apply',
        }),
      ).rejects.toBeInstanceOf(ConflictError);
      await expect(
        store.transition('00000000-0000-4000-8000-000000000000', {
          from: ['requested'],
          to: 'approved',
          version: 1,
          actor: 'x',
          action: 'approve',
        }),
      ).rejects.toBeInstanceOf(NotFoundError);
      expect(await store.get('not-a-uuid')).toBeUndefined();
    });

    it('records the apply result and lists by requester and team', async () => {
      const r = await store.insert(
        request({
          from: 'east/shop/Deployment/lister',
          requester: 'user:default/dave',
          requesterTeam: 'group:default/ops',
          targetTeam: 'group:default/db',
        }),
        'x',
      );
      await store.transition(r.id, {
        from: ['requested'],
        to: 'approved',
        version: 1,
        actor: 'y',
        action: 'approve',
      });
      const applied = await store.transition(r.id, {
        from: ['approved'],
        to: 'applied',
        version: 2,
        actor: 'y',
        action: 'apply',
        applyResult: { mode: 'export', ok: true, at: 'now', clusters: [] },
      });
      expect(applied.applyResult).toEqual({
        mode: 'export',
        ok: true,
        at: 'now',
        clusters: [],
      });
      await store.markVerified(r.id);
      expect((await store.get(r.id))?.verifiedAt).toBeDefined();
      const ids = async (f: Parameters<PeeringStore['list']>[0]) =>
        (await store.list(f)).map(x => x.id);
      expect(await ids({ requester: 'user:default/dave' })).toEqual([r.id]);
      expect(await ids({ targetTeams: ['group:default/db'] })).toEqual([r.id]);
      expect(await ids({ requesterTeams: ['group:default/ops'] })).toEqual([
        r.id,
      ]);
      expect(await ids({ targetTeams: [] })).toEqual([]);
      expect(await ids({})).toContain(r.id);
    });
  });
});
