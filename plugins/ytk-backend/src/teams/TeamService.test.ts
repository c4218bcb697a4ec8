import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CATALOG_TTL_MS,
  SETTLING_CATALOG_TTL_MS,
  TeamService,
} from './TeamService';

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-a', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

/** A catalog that is still ingesting: empty until `fill()`. */
function ingestingCatalog() {
  let items: Entity[] = [];
  const catalog = {
    getEntities: jest.fn(async () => ({ items })),
  };
  return {
    catalog: catalog as unknown as CatalogService,
    reads: catalog.getEntities,
    fill: () => {
      items = [group];
    },
  };
}

describe('TeamService catalog index', () => {
  it('reads an empty catalog again soon, and keeps a filled one', async () => {
    const c = ingestingCatalog();
    const teams = TeamService.create({
      catalog: c.catalog,
      auth: mockServices.auth(),
      userInfo: mockServices.userInfo(),
    });
    // Asked before the catalog has ingested anything (the posture recorder at start-up).
    await expect(teams.team('team-a')).resolves.toBeUndefined();
    c.fill();
    let found = await teams.team('team-a');
    for (let i = 0; i < 200 && !found; i++) {
      await new Promise(r => setTimeout(r, 25));
      found = await teams.team('team-a');
    }
    // Within the 30 s of a filled index: the empty read did not stick.
    expect(found).toEqual({ ref: 'group:default/team-a', name: 'team-a' });
    const reads = c.reads.mock.calls.length;
    await teams.team('team-a');
    await teams.team('team-a');
    expect(c.reads.mock.calls.length).toBe(reads);
  });

  it('reads a catalog that is still changing again within a second, and backs off once it settles', async () => {
    // Fake clock (Date only): TeamService reads it, nothing here waits on a timer.
    jest.useFakeTimers({
      now: 1_000_000,
      doNotFake: ['setTimeout', 'setImmediate', 'nextTick'],
    });
    try {
      const component = (name: string, owner: string): Entity => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name, namespace: 'default' },
        spec: { type: 'service', owner, lifecycle: 'production' },
      });
      const items: Entity[] = [group, component('one', 'team-a')];
      const reads = jest.fn(async () => ({ items: [...items] }));
      const teams = TeamService.create({
        catalog: { getEntities: reads } as unknown as CatalogService,
        auth: mockServices.auth(),
        userInfo: mockServices.userInfo(),
      });
      const ask = () => teams.team('team-a');
      const after = async (ms: number) => {
        jest.advanceTimersByTime(ms);
        await ask();
        return reads.mock.calls.length;
      };
      await ask();
      expect(reads).toHaveBeenCalledTimes(1);
      // Still ingesting: a second component arrives; the next read, a second later, sees it
      // (with a fixed 30 s TTL the partial read was served for 30 s).
      items.push(component('two', 'team-a'));
      expect(await after(SETTLING_CATALOG_TTL_MS / 2)).toBe(1);
      expect(await after(SETTLING_CATALOG_TTL_MS / 2)).toBe(2);
      // Unchanged reads double the wait: 1 s → 2 s → 4 s …
      expect(await after(SETTLING_CATALOG_TTL_MS)).toBe(3);
      expect(await after(SETTLING_CATALOG_TTL_MS)).toBe(3);
      expect(await after(SETTLING_CATALOG_TTL_MS)).toBe(4);
      // … up to CATALOG_TTL_MS, then once per CATALOG_TTL_MS.
      for (let i = 0; i < 10; i++) await after(CATALOG_TTL_MS);
      const settled = reads.mock.calls.length;
      expect(await after(CATALOG_TTL_MS - 1)).toBe(settled);
      expect(await after(1)).toBe(settled + 1);
      // A change after settling is back to a read a second later.
      items.push(component('three', 'team-a'));
      expect(await after(CATALOG_TTL_MS)).toBe(settled + 2);
      expect(await after(SETTLING_CATALOG_TTL_MS)).toBe(settled + 3);
    } finally {
      jest.useRealTimers();
    }
  });
});
