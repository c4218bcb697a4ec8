import request from 'supertest';
import fs from 'node:fs';
import path from 'node:path';
import type {
  ConnectionView,
  ConnectivityGraph,
  EndpointView,
} from '@ytknetwork/common';
import { as, lintyClusterDir, start } from './__testUtils__/routerHarness';

const ALICE = as('user:default/alice');

/** The node an endpoint is drawn as, computed from the full graph independently of the backend. */
function drawnAs(e: EndpointView, expanded: Set<string>): string {
  if ('workload' in e) {
    const [cluster, namespace] = e.workload.split('/');
    const key = `${cluster}/${namespace}`;
    return expanded.has(key) ? e.workload : `ns:${key}`;
  }
  if ('entity' in e)
    return e.cluster ? `entity:${e.cluster}/${e.entity}` : `entity:${e.entity}`;
  return `cidr:${e.cidr}`;
}

/** Bundles as the full list implies them: count, dropped, cross-cluster and auth per drawn pair. */
function expectedBundles(full: ConnectivityGraph, expanded: Set<string>) {
  const out = new Map<string, number[]>();
  for (const c of full.connections) {
    const k = `${drawnAs(c.from, expanded)} > ${drawnAs(c.to, expanded)}`;
    const b = out.get(k) ?? [0, 0, 0, 0];
    b[0]++;
    if (!c.effective) b[1]++;
    if (c.crossCluster) b[2]++;
    if (c.authRequired) b[3]++;
    out.set(k, b);
  }
  return Object.fromEntries(out);
}

function actualBundles(graph: ConnectivityGraph) {
  return Object.fromEntries(
    graph.aggregation!.bundles.map(b => [
      `${b.from} > ${b.to}`,
      [b.count, b.dropped, b.crossCluster, b.authRequired],
    ]),
  );
}

const sameConnection = (a: ConnectionView, b: ConnectionView) =>
  JSON.stringify(a) === JSON.stringify(b);

describe('GET /connectivity', () => {
  it('collapses namespaces on request, counting every connection in one bundle', async () => {
    const backend = await start();
    const { server } = backend;
    try {
      const full = await request(server)
        .get('/api/ytk/connectivity?team=team-a')
        .set('Authorization', ALICE);
      expect(full.status).toBe(200);
      expect(full.body.aggregation).toBeUndefined();
      expect(full.body.connections.length).toBeGreaterThan(0);

      // Small enough: `auto` answers the full graph, unchanged.
      const auto = await request(server)
        .get('/api/ytk/connectivity?team=team-a&aggregate=auto')
        .set('Authorization', ALICE);
      expect(auto.body).toEqual(full.body);

      const agg = await request(server)
        .get('/api/ytk/connectivity?team=team-a&aggregate=namespace')
        .set('Authorization', ALICE);
      expect(agg.status).toBe(200);
      const graph: ConnectivityGraph = agg.body;
      expect(graph.connections).toEqual([]);
      expect(graph.nodes).toEqual(full.body.nodes);
      expect(graph.aggregation).toMatchObject({
        level: 'namespace',
        expanded: [],
        connections: full.body.connections.length,
        scope: { team: 'team-a' },
      });
      expect(actualBundles(graph)).toEqual(
        expectedBundles(full.body, new Set()),
      );
      // A bundle's sample is one of its connections, in full.
      for (const b of graph.aggregation!.bundles) {
        expect(
          full.body.connections.some(
            (c: ConnectionView) =>
              sameConnection(c, b.sample) &&
              drawnAs(c.from, new Set()) === b.from &&
              drawnAs(c.to, new Set()) === b.to,
          ),
        ).toBe(true);
      }
      // Each collapsed namespace counts its workloads among the graph's nodes.
      const members: Record<string, number> = {};
      for (const n of full.body.nodes as Array<{ ref: string }>) {
        const [cluster, namespace] = n.ref.split('/');
        const id = `ns:${cluster}/${namespace}`;
        members[id] = (members[id] ?? 0) + 1;
      }
      expect(
        Object.fromEntries(
          graph.aggregation!.groups.map(g => [g.id, g.members]),
        ),
      ).toEqual(members);

      // Expanding a namespace draws its workloads one by one.
      const expanded = await request(server)
        .get(
          '/api/ytk/connectivity?team=team-a&aggregate=namespace&expand=east/shop',
        )
        .set('Authorization', ALICE);
      const g2: ConnectivityGraph = expanded.body;
      expect(g2.aggregation!.expanded).toEqual(['east/shop']);
      expect(g2.aggregation!.groups.map(g => g.id)).not.toContain(
        'ns:east/shop',
      );
      expect(actualBundles(g2)).toEqual(
        expectedBundles(full.body, new Set(['east/shop'])),
      );
      expect(
        g2.aggregation!.bundles.some(
          b =>
            b.from === 'east/shop/Deployment/api' ||
            b.to === 'east/shop/Deployment/api',
        ),
      ).toBe(true);
    } finally {
      await backend.stop();
    }
  });

  it('aggregates a large graph on `auto` only', async () => {
    // 40 workloads without policies in one namespace of alice's team: 40 × 40 connections
    // among them alone, over the 800 that `auto` sends in full.
    const docs = Array.from(
      { length: 40 },
      (_, i) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: bulk-${i}, namespace: bulk }
spec:
  selector: { matchLabels: { app: bulk-${i} } }
  template:
    metadata: { labels: { app: bulk-${i}, backstage.io/kubernetes-id: shop-api } }
    spec: { containers: [{ name: c }] }
`,
    );
    const file = path.join(lintyClusterDir(), 'bulk.yaml');
    fs.writeFileSync(
      file,
      [
        'apiVersion: v1\nkind: Namespace\nmetadata: { name: bulk }\n',
        ...docs,
      ].join('---\n'),
    );
    const backend = await start();
    const { server } = backend;
    try {
      const get = (q: string) =>
        request(server)
          .get(`/api/ytk/connectivity?team=team-a${q}`)
          .set('Authorization', ALICE);
      const full = await get('');
      expect(full.body.connections.length).toBeGreaterThan(800);
      const auto = await get('&aggregate=auto');
      expect(auto.body.aggregation.connections).toBe(
        full.body.connections.length,
      );
      expect(auto.body.aggregation.groups).toContainEqual({
        id: 'ns:north/bulk',
        cluster: 'north',
        namespace: 'bulk',
        members: 40,
      });
      expect(actualBundles(auto.body)).toEqual(
        expectedBundles(full.body, new Set()),
      );
      // Served again from the per-version cache: the same body.
      expect((await get('&aggregate=auto')).text).toBe(auto.text);
      const expand = await get('&aggregate=auto&expand=north/bulk,east/shop');
      expect(expand.body.aggregation.expanded).toEqual([
        'east/shop',
        'north/bulk',
      ]);
      expect(actualBundles(expand.body)).toEqual(
        expectedBundles(full.body, new Set(['north/bulk', 'east/shop'])),
      );
    } finally {
      fs.rmSync(file, { force: true });
      await backend.stop();
    }
  });

  it.each([
    ['aggregate=all', /aggregate/],
    ['aggregate=auto&expand=shop', /expand/],
    ['aggregate=auto&expand=a/b/c', /expand/],
  ])('rejects %s', async (q, field) => {
    const backend = await start();
    try {
      const res = await request(backend.server)
        .get(`/api/ytk/connectivity?${q}`)
        .set('Authorization', ALICE);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(field);
    } finally {
      await backend.stop();
    }
  });
});
