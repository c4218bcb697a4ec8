import type { ConnectionView, ConnectivityGraph } from '@ytknetwork/common';
import { buildGraphModel } from './model';
import { ELK_MAX_EDGES, gridLayout, layoutGraph } from './layout';
import { connectivityFixture } from '../testing/fixtures';
import { aggregateLikeTheServer } from '../components/ConnectivityGraph/__testUtils__/aggregate';

describe('buildGraphModel', () => {
  it('nests workloads in namespaces in clusters and keeps external peers apart', () => {
    const model = buildGraphModel(connectivityFixture);
    const byId = new Map(model.nodes.map(n => [n.id, n]));
    expect(byId.get('cluster:east')?.kind).toBe('cluster');
    expect(byId.get('ns:east/payments')).toMatchObject({
      kind: 'namespace',
      parent: 'cluster:east',
    });
    expect(byId.get('east/payments/Deployment/api')).toMatchObject({
      kind: 'workload',
      parent: 'ns:east/payments',
    });
    expect(byId.get('entity:world')?.kind).toBe('external');
    expect(model.aggregated).toBe(false);
  });

  it('styles edges: local, cross-cluster, and dropped (never with a padlock)', () => {
    const model = buildGraphModel(connectivityFixture);
    const edge = (from: string, to: string) =>
      model.edges.find(e => e.source === from && e.target === to)!;
    expect(
      edge('east/payments/Deployment/web', 'east/payments/Deployment/api'),
    ).toMatchObject({ style: 'local', label: '8080/TCP' });
    expect(
      edge('east/payments/Deployment/api', 'west/ledger/StatefulSet/db'),
    ).toMatchObject({ style: 'cross-cluster', label: '5432/TCP' });
    const dropped = edge(
      'east/payments/Deployment/api',
      'west/ledger/Deployment/audit',
    );
    expect(dropped.style).toBe('dropped');
    expect(dropped.label).toBe('443/TCP · dropped');
    expect(dropped.label).not.toContain('🔒');
  });

  it('aggregates a dense graph by its number of connections', () => {
    const few = buildGraphModel(connectivityFixture);
    expect(few.aggregated).toBe(false);
    const dense = buildGraphModel(connectivityFixture, {
      edgeThreshold: connectivityFixture.connections.length - 1,
    });
    expect(dense.aggregated).toBe(true);
    expect(dense.nodes.some(n => n.kind === 'aggregate')).toBe(true);
  });

  it('aggregates namespaces above the threshold and expands on request', () => {
    const collapsed = buildGraphModel(connectivityFixture, { threshold: 2 });
    expect(collapsed.aggregated).toBe(true);
    const ns = collapsed.nodes.find(n => n.id === 'ns:east/payments');
    expect(ns).toMatchObject({ kind: 'aggregate', members: 2 });
    expect(
      collapsed.nodes.some(n => n.id === 'east/payments/Deployment/api'),
    ).toBe(false);
    expect(
      collapsed.edges.map(e => `${e.source}>${e.target}`).sort(),
    ).toContain('ns:east/payments>ns:west/ledger');

    const open = buildGraphModel(connectivityFixture, {
      threshold: 2,
      expanded: new Set(['ns:east/payments']),
    });
    expect(open.nodes.find(n => n.id === 'ns:east/payments')?.kind).toBe(
      'namespace',
    );
    expect(open.nodes.some(n => n.id === 'east/payments/Deployment/api')).toBe(
      true,
    );
  });

  it('merges several connections between aggregates into one counted edge', () => {
    const conn = (to: string, effective: boolean): ConnectionView => ({
      from: { workload: 'east/a/Deployment/x' },
      to: { workload: to },
      ports: [{ protocol: 'TCP', port: 80 }],
      crossCluster: true,
      authRequired: !effective,
      effective,
    });
    const graph: ConnectivityGraph = {
      overlayVersion: 1,
      nodes: [],
      connections: [
        conn('west/b/Deployment/y', true),
        conn('west/b/Deployment/z', false),
      ],
    };
    const model = buildGraphModel(graph, { threshold: 1 });
    expect(model.edges).toHaveLength(1);
    expect(model.edges[0]).toMatchObject({
      style: 'cross-cluster',
      label: '2 flows · 1 dropped',
    });
  });
});

describe('buildGraphModel of a graph the server aggregated', () => {
  it('draws collapsed namespaces, bundles as counted edges, and peers outside the mesh', () => {
    const model = buildGraphModel(aggregateLikeTheServer(connectivityFixture), {
      // Ignored: the server decided.
      threshold: 1000,
    });
    expect(model.aggregated).toBe(true);
    const byId = new Map(model.nodes.map(n => [n.id, n]));
    expect(byId.get('ns:east/payments')).toMatchObject({
      kind: 'aggregate',
      members: 2,
      parent: 'cluster:east',
    });
    expect(byId.get('entity:world')?.kind).toBe('external');
    expect(model.nodes.some(n => n.kind === 'workload')).toBe(false);
    const edge = (from: string, to: string) =>
      model.edges.find(e => e.source === from && e.target === to)!;
    // One passing and one dropped flow to ledger: cross-cluster, the drop counted.
    expect(edge('ns:east/payments', 'ns:west/ledger')).toMatchObject({
      count: 2,
      dropped: 1,
      style: 'cross-cluster',
      label: '2 flows · 1 dropped',
    });
    expect(edge('ns:east/payments', 'ns:east/payments')).toMatchObject({
      count: 1,
      style: 'local',
      label: '8080/TCP',
    });
  });

  it('draws an expanded namespace workload by workload', () => {
    const model = buildGraphModel(
      aggregateLikeTheServer(connectivityFixture, ['west/ledger']),
    );
    const byId = new Map(model.nodes.map(n => [n.id, n]));
    expect(byId.get('ns:west/ledger')?.kind).toBe('namespace');
    expect(byId.get('west/ledger/Deployment/audit')).toMatchObject({
      kind: 'workload',
      parent: 'ns:west/ledger',
    });
    const dropped = model.edges.find(
      e =>
        e.source === 'ns:east/payments' &&
        e.target === 'west/ledger/Deployment/audit',
    )!;
    expect(dropped).toMatchObject({ style: 'dropped', count: 1 });
    expect(dropped.label).toBe('443/TCP · dropped');
  });
});

describe('layoutGraph', () => {
  it('lays large graphs out on a grid: every node inside its parent, siblings apart', async () => {
    // A dense graph: 12 namespaces of 5 workloads, every namespace talking to every other.
    const conns: ConnectionView[] = [];
    const nodes = [];
    for (let n = 0; n < 12; n++)
      for (let w = 0; w < 5; w++)
        nodes.push({
          ...connectivityFixture.nodes[0],
          ref: `c${n % 2}/ns${n}/Deployment/w${w}`,
          cluster: `c${n % 2}`,
          namespace: `ns${n}`,
          name: `w${w}`,
        });
    for (const a of nodes)
      for (const b of nodes)
        if (a.namespace !== b.namespace && a.name === 'w0' && b.name === 'w1')
          conns.push({
            from: { workload: a.ref },
            to: { workload: b.ref },
            ports: 'all',
            crossCluster: a.cluster !== b.cluster,
            authRequired: false,
            effective: true,
          });
    const model = buildGraphModel(
      { overlayVersion: 1, nodes, connections: conns },
      { threshold: 10_000, edgeThreshold: 10_000 },
    );
    expect(model.edges.length).toBeGreaterThan(ELK_MAX_EDGES);
    const layout = await layoutGraph(model);
    expect(layout).toEqual(gridLayout(model));
    const parent = new Map(
      model.nodes.map(n => [n.id, 'parent' in n ? n.parent : undefined]),
    );
    const outside = model.nodes.filter(n => {
      const box = layout.get(n.id)!;
      const p = parent.get(n.id);
      const outer = p ? layout.get(p)! : undefined;
      return (
        outer &&
        (box.x + box.width > outer.width || box.y + box.height > outer.height)
      );
    });
    expect(outside).toEqual([]);
    // Siblings never overlap.
    const overlapping = model.nodes.flatMap(a =>
      model.nodes.filter(b => {
        if (a === b || parent.get(a.id) !== parent.get(b.id)) return false;
        const p = layout.get(a.id)!;
        const q = layout.get(b.id)!;
        return !(
          p.x + p.width <= q.x ||
          q.x + q.width <= p.x ||
          p.y + p.height <= q.y ||
          q.y + q.height <= p.y
        );
      }),
    );
    expect(overlapping).toEqual([]);
  });

  it('places every node, children inside their group', async () => {
    const model = buildGraphModel(connectivityFixture);
    const layout = await layoutGraph(model);
    for (const n of model.nodes) expect(layout.has(n.id)).toBe(true);
    const ns = layout.get('ns:east/payments')!;
    const api = layout.get('east/payments/Deployment/api')!;
    // Child positions are relative to the parent and fit within it.
    expect(api.x + api.width).toBeLessThanOrEqual(ns.width);
    expect(api.y + api.height).toBeLessThanOrEqual(ns.height);
    const web = layout.get('east/payments/Deployment/web')!;
    // Layered left-to-right: the caller sits left of the callee.
    expect(web.x).toBeLessThan(api.x);
  });
});

describe('edge labels with Istio posture', () => {
  const istioGraph = (istio: ConnectionView['istio']): ConnectivityGraph => ({
    ...connectivityFixture,
    connections: connectivityFixture.connections.map(c =>
      'workload' in c.to && c.to.workload === 'east/payments/Deployment/api'
        ? { ...c, istio }
        : c,
    ),
  });
  const label = (g: ConnectivityGraph) =>
    buildGraphModel(g).edges.find(
      e =>
        e.source === 'east/payments/Deployment/web' &&
        e.target === 'east/payments/Deployment/api',
    )!.label;

  it("adds the destination's mTLS mode to a single flow's label", () => {
    expect(
      label(
        istioGraph({ mtls: 'strict', ports: [{ port: 8080, mtls: 'strict' }] }),
      ),
    ).toBe('8080/TCP · mTLS strict');
    expect(
      label(
        istioGraph({
          mtls: 'permissive',
          ports: [{ port: 8080, mtls: 'permissive' }],
        }),
      ),
    ).toBe('8080/TCP · mTLS permissive');
  });

  it('says nothing without Istio, or when the destination has no proxy', () => {
    expect(label(connectivityFixture)).toBe('8080/TCP');
    expect(label(istioGraph({ mtls: 'none', ports: [] }))).toBe('8080/TCP');
  });
});
