import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { TeamService } from './TeamService';

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
});
