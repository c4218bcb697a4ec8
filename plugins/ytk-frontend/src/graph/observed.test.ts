import { buildGraphModel } from './model';
import {
  explainQueryOf,
  observedEndLabel,
  parseObservedKey,
  withObservedFlows,
} from './observed';
import { flowsGraphFixture, teamFlowsFixture } from '../testing/flowFixtures';
import type { ObservedEdge } from '@ytknetwork/common';

const WEB = 'east/shop/Deployment/web';
const API = 'east/shop/Deployment/api';
const DB = 'east/shop/Deployment/db';

// The fixture's flows are the real engine's attribution of Hubble lines (testing/flowFixtures.ts).
const model = () =>
  withObservedFlows(buildGraphModel(flowsGraphFixture), teamFlowsFixture);
const edgeOf = (m: ReturnType<typeof model>, from: string, to: string) => {
  const e = m.edges.find(x => x.source === from && x.target === to);
  if (!e)
    throw new Error(
      `no edge ${from} → ${to} in ${m.edges.map(x => x.id).join(', ')}`,
    );
  return e;
};

const edge = (over: Partial<ObservedEdge>): ObservedEdge => ({
  cluster: 'east',
  source: WEB,
  destination: API,
  protocol: 'TCP',
  port: 8080,
  verdict: 'FORWARDED',
  count: 1,
  classification: 'allowed-as-expected',
  reason: '',
  decidedBy: [],
  ...over,
});

describe('withObservedFlows', () => {
  it('marks an allowed edge with traffic as observed, with its flows, drops and unexpected ones', () => {
    const e = edgeOf(model(), WEB, API);
    expect(e.observation).toMatchObject({
      state: 'observed',
      // 3 on 8080 as expected, 1 on 9090 unexpected-allowed; 1 drop on 8080 unexpected-dropped.
      flows: 4,
      drops: 1,
      unexpected: 2,
      lastSeen: '2026-12-07T10:20:00Z',
    });
    // Forwarded first, most flows first.
    expect(
      e.observation!.edges.map(x => [x.port, x.verdict, x.classification]),
    ).toEqual([
      [8080, 'FORWARDED', 'allowed-as-expected'],
      [9090, 'FORWARDED', 'unexpected-allowed'],
      [8080, 'DROPPED', 'unexpected-dropped'],
    ]);
    expect(e.label).toBe('⚠ 8080/TCP · 4 flows · 1 drops');
    // The allowed connection is kept: clicking still explains it.
    expect(e.connections).toHaveLength(1);
    expect(e.style).toBe('local');
  });

  it('marks an allow rule’s path without traffic as unused, and a rule-less allowed edge as not seen', () => {
    const m = model();
    const unused = edgeOf(m, API, DB);
    expect(unused.observation?.state).toBe('unused');
    expect(unused.observation?.unused.map(u => u.rule.policyName)).toEqual([
      'db-in',
    ]);
    expect(unused.label).toBe('5432/TCP · unused');
    // Nothing isolates web for ingress: no rule to tighten, nothing seen.
    const open = edgeOf(m, API, WEB);
    expect(open.observation).toMatchObject({ state: 'not-seen', flows: 0 });
    expect(open.label).toBe('all ports · not seen');
  });

  it('draws a dropped attempt the policies do not allow as an edge of its own', () => {
    const plain = buildGraphModel(flowsGraphFixture);
    expect(plain.edges.some(e => e.source === WEB && e.target === DB)).toBe(
      false,
    );
    const e = edgeOf(model(), WEB, DB);
    expect(e).toMatchObject({
      style: 'dropped',
      connections: [],
      label: '5432/TCP · 2 drops',
    });
    expect(e.observation).toMatchObject({
      state: 'attempted',
      flows: 0,
      drops: 2,
      unexpected: 0,
    });
  });

  it('adds the nodes the graph lacks: another workload in its groups, an address, an unknown pod', () => {
    const m = withObservedFlows(buildGraphModel(flowsGraphFixture), {
      observed: [
        edge({ source: WEB, destination: 'cidr:192.0.2.44/32', port: 443 }),
        edge({
          source: 'unknown:east/shop/debug-shell',
          destination: API,
          classification: 'unknown-endpoint',
        }),
      ],
      dropped: [
        edge({
          destination: 'west/ledger/Deployment/audit',
          port: 443,
          verdict: 'DROPPED',
          dropReason: 'POLICY_DENIED',
          classification: 'dropped-as-expected',
          count: 7,
        }),
      ],
      unused: [],
    });
    const byId = new Map(m.nodes.map(n => [n.id, n]));
    expect(byId.get('cluster:west')?.kind).toBe('cluster');
    expect(byId.get('ns:west/ledger')).toMatchObject({
      kind: 'namespace',
      parent: 'cluster:west',
    });
    expect(byId.get('west/ledger/Deployment/audit')).toMatchObject({
      kind: 'workload',
      parent: 'ns:west/ledger',
      label: 'audit',
    });
    expect(byId.get('cidr:192.0.2.44/32')?.kind).toBe('external');
    expect(byId.get('unknown:east/shop/debug-shell')).toMatchObject({
      kind: 'external',
      label: 'debug-shell (not in the overlay)',
    });
    // Groups come before their children (ReactFlow needs parents first).
    const ids = m.nodes.map(n => n.id);
    expect(ids.indexOf('ns:west/ledger')).toBeLessThan(
      ids.indexOf('west/ledger/Deployment/audit'),
    );
    // A drop across clusters is still a drop; a forwarded flow no policy allows is observed.
    expect(edgeOf(m, WEB, 'west/ledger/Deployment/audit')).toMatchObject({
      style: 'dropped',
      label: '443/TCP · 7 drops',
    });
    expect(edgeOf(m, WEB, 'cidr:192.0.2.44/32').observation?.state).toBe(
      'observed',
    );
  });

  it('draws an address as the graph’s world when it has one, and a workload of a collapsed namespace as the namespace', () => {
    const graph = {
      ...flowsGraphFixture,
      connections: [
        ...flowsGraphFixture.connections,
        {
          from: { workload: WEB, cluster: 'east', namespace: 'shop' },
          to: { entity: 'world' },
          ports: [{ protocol: 'TCP' as const, port: 443 }],
          crossCluster: false,
          authRequired: false,
          effective: true,
        },
      ],
    };
    const world = withObservedFlows(buildGraphModel(graph), {
      observed: [edge({ destination: 'cidr:192.0.2.44/32', port: 443 })],
      dropped: [],
      unused: [],
    });
    expect(edgeOf(world, WEB, 'entity:world').observation?.state).toBe(
      'observed',
    );
    expect(world.nodes.some(n => n.id === 'cidr:192.0.2.44/32')).toBe(false);

    const collapsed = withObservedFlows(
      buildGraphModel(flowsGraphFixture, { threshold: 1 }),
      teamFlowsFixture,
    );
    expect(collapsed.aggregated).toBe(true);
    const self = edgeOf(collapsed, 'ns:east/shop', 'ns:east/shop');
    expect(self.observation).toMatchObject({
      state: 'observed',
      flows: 4,
      drops: 3,
    });
    expect(collapsed.nodes.some(n => n.id === WEB)).toBe(false);
  });
});

describe('observed endpoint keys', () => {
  it('parses and names workload, entity, address and unknown keys', () => {
    expect(parseObservedKey('entity:ingress@eu-west')).toEqual({
      kind: 'entity',
      entity: 'ingress',
      cluster: 'eu-west',
    });
    expect(observedEndLabel(WEB)).toBe('shop/web');
    expect(observedEndLabel('entity:world')).toBe('world');
    expect(observedEndLabel('unknown:east/shop/debug-shell')).toBe(
      'shop/debug-shell (not in the overlay)',
    );
  });

  it('explains an observed edge as GET /flows/explain names its ends; not an unknown pod', () => {
    expect(
      explainQueryOf(
        edge({ source: 'entity:ingress@eu-west', protocol: 'UDP', port: 53 }),
      ),
    ).toEqual({ from: 'entity:ingress', to: API, port: '53/UDP' });
    expect(
      explainQueryOf(edge({ destination: 'cidr:192.0.2.44/32', port: 443 })),
    ).toEqual({ from: WEB, to: 'cidr:192.0.2.44/32', port: '443/TCP' });
    expect(
      explainQueryOf(edge({ source: 'unknown:east/shop/debug-shell' })),
    ).toBeUndefined();
  });
});
