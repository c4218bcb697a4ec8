import { decodeText } from '../resources';
import { buildOverlay } from '../overlay';
import {
  FlowAggregator,
  aggregateFlows,
  aggregatesInWindow,
  mergeAggregate,
  reattribute,
  unusedAllows,
  unusedAllowsFromAggregates,
  type ObservedFlow,
} from '.';

/* Flows shaped as `hubble observe -o jsonpb` prints them (protojson of cilium flow.proto). */
const deploy = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: ${name}
`;
const dbIngress = (ports: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: db-ingress
  namespace: shop
spec:
  endpointSelector:
    matchLabels:
      app: db
  ingress:
    - fromEndpoints:
        - matchLabels:
            app: web
      toPorts:
        - ports:
${ports}`;
const p5432 = `            - port: "5432"
              protocol: TCP
`;
const overlayOf = (audit: boolean, ports = p5432) =>
  buildOverlay([
    {
      name: 'c1',
      resources: decodeText(
        `apiVersion: v1
kind: ConfigMap
metadata:
  name: cilium-config
  namespace: kube-system
data:
  cluster-name: c1
  policy-audit-mode: "${audit}"
---
${deploy('web')}---
${deploy('db')}---
${dbIngress(ports)}`,
        'file:///c1.yaml',
      ).resources,
    },
  ]);
const overlay = overlayOf(false);

const pod = (app: string) => ({
  identity: app === 'web' ? 41001 : 41002,
  clusterName: 'c1',
  namespace: 'shop',
  labels: [`k8s:app=${app}`, 'k8s:io.kubernetes.pod.namespace=shop'],
  podName: `${app}-7d4b9c-abcde`,
  workloads: [{ name: app, kind: 'Deployment' }],
});

const flow = (o: {
  verdict?: string;
  drop?: string;
  port?: number;
  time?: string;
  reply?: boolean;
  src?: ObservedFlow['source'];
  ip?: string;
}): ObservedFlow => ({
  time: o.time ?? '2026-12-01T10:00:00Z',
  verdict: o.verdict ?? 'FORWARDED',
  ...(o.drop ? { dropReasonDesc: o.drop } : {}),
  IP: { source: o.ip ?? '10.0.1.5', destination: '10.0.2.7' },
  l4: { TCP: { sourcePort: 40000, destinationPort: o.port ?? 5432 } },
  source: o.src ?? pod('web'),
  destination: pod('db'),
  Type: 'L3_L4',
  trafficDirection: 'INGRESS',
  isReply: o.reply ?? false,
});

describe('FlowAggregator', () => {
  it.each([
    [
      'allowed-as-expected',
      flow({}),
      false,
      'allowed',
      ['db-ingress'],
      undefined,
    ],
    [
      'dropped-as-expected',
      flow({ verdict: 'DROPPED', drop: 'POLICY_DENIED', port: 22 }),
      false,
      'default-deny',
      ['db-ingress'],
      undefined,
    ],
    [
      'unexpected-allowed',
      flow({ port: 22 }),
      true,
      'default-deny',
      ['db-ingress'],
      'policy-audit-mode',
    ],
    [
      'unexpected-dropped',
      flow({ verdict: 'DROPPED', drop: 'POLICY_DENIED' }),
      false,
      'allowed',
      ['db-ingress'],
      'unsupported-feature',
    ],
  ])(
    '%s: one aggregate with its classification and deciding side',
    (classification, f, audit, ingressOutcome, decidingPolicies, cause) => {
      const agg = aggregateFlows(overlayOf(audit as boolean), [f, f]);
      expect(agg.aggregates).toHaveLength(1);
      const [a] = agg.aggregates;
      expect(a.count).toBe(2);
      expect(a.source).toBe('c1/shop/Deployment/web');
      expect(a.destination).toBe('c1/shop/Deployment/db');
      expect(a.attribution.classification).toBe(classification);
      expect(a.attribution.ingress?.outcome).toBe(ingressOutcome);
      expect(
        a.attribution.decidedBy.flatMap(s => s.rules.map(r => r.policyName)),
      ).toEqual(decidingPolicies);
      expect(a.attribution.cause).toBe(cause);
    },
  );

  it('keys by source, destination, port, protocol, verdict and drop reason; counts and first/last seen', () => {
    const agg = aggregateFlows(overlay, [
      flow({ time: '2026-12-01T10:00:05Z' }),
      flow({ time: '2026-12-01T10:00:01Z' }),
      flow({ time: '2026-12-01T10:00:09Z' }),
      flow({ port: 22, verdict: 'DROPPED', drop: 'POLICY_DENIED' }),
      flow({ port: 22, verdict: 'DROPPED', drop: 'CT_MAP_INSERTION_FAILED' }),
      flow({ reply: true }),
    ]);
    expect(
      agg.aggregates.map(a => [
        a.port,
        a.verdict,
        a.dropReason,
        a.count,
        a.firstSeen,
        a.lastSeen,
      ]),
    ).toEqual([
      [
        5432,
        'FORWARDED',
        '',
        3,
        '2026-12-01T10:00:01Z',
        '2026-12-01T10:00:09Z',
      ],
      [
        22,
        'DROPPED',
        'CT_MAP_INSERTION_FAILED',
        1,
        '2026-12-01T10:00:00Z',
        '2026-12-01T10:00:00Z',
      ],
      [
        22,
        'DROPPED',
        'POLICY_DENIED',
        1,
        '2026-12-01T10:00:00Z',
        '2026-12-01T10:00:00Z',
      ],
    ]);
    expect(agg.aggregates[1].attribution.classification).toBe('not-policy');
    expect(agg.flows).toBe(6);
    expect(agg.replies).toBe(1);
  });

  it('world sources are keyed per address; unknown pods by cluster, namespace and name', () => {
    const world = { identity: 2, labels: ['reserved:world'] };
    const ghost = { ...pod('ghost'), workloads: [] };
    const agg = aggregateFlows(overlay, [
      flow({ src: world, ip: '203.0.113.9' }),
      flow({ src: world, ip: '203.0.113.10' }),
      flow({ src: ghost }),
    ]);
    expect(agg.aggregates.map(a => a.source).sort()).toEqual([
      'cidr:203.0.113.10/32',
      'cidr:203.0.113.9/32',
      'unknown:c1/shop/ghost-7d4b9c-abcde',
    ]);
    expect(
      agg.aggregates.find(a => a.source.startsWith('unknown:'))?.attribution
        .classification,
    ).toBe('unknown-endpoint');
  });

  it('is bounded: flows of keys beyond maxKeys are counted as overflow by classification', () => {
    const agg = new FlowAggregator(overlay, { maxKeys: 2 });
    for (const port of [5432, 22, 23, 24])
      agg.add(flow({ port, verdict: 'DROPPED', drop: 'POLICY_DENIED' }));
    agg.add(flow({ port: 5432, verdict: 'DROPPED', drop: 'POLICY_DENIED' }));
    const s = agg.snapshot();
    expect(s.aggregates.map(a => [a.port, a.count])).toEqual([
      [5432, 2],
      [22, 1],
    ]);
    expect(s.overflow).toEqual({
      flows: 2,
      byClassification: { 'dropped-as-expected': 2 },
    });
    expect(s.flows).toBe(5);
  });

  it('merges: two streams of the same key add up, counters too', () => {
    const a = aggregateFlows(overlay, [
      flow({ time: '2026-12-01T10:00:00Z' }),
      flow({ reply: true }),
    ]);
    const b = aggregateFlows(overlay, [
      flow({ time: '2026-12-01T09:00:00Z' }),
      flow({ time: '2026-12-01T11:00:00Z' }),
    ]);
    const m = mergeAggregate(a.aggregates[0], b.aggregates[0]);
    expect([m.count, m.firstSeen, m.lastSeen]).toEqual([
      3,
      '2026-12-01T09:00:00Z',
      '2026-12-01T11:00:00Z',
    ]);
    const agg = new FlowAggregator(overlay);
    agg.mergeAggregation(a);
    agg.mergeAggregation(b);
    const s = agg.snapshot();
    expect(s.aggregates).toEqual([m]);
    expect([s.flows, s.replies]).toEqual([4, 1]);
    expect(() => mergeAggregate(a.aggregates[0], { ...m, key: 'x' })).toThrow(
      /cannot merge/,
    );
  });

  it('aggregates are plain JSON: a stored row merges back unchanged', () => {
    const [a] = aggregateFlows(overlay, [flow({})]).aggregates;
    const row = JSON.parse(JSON.stringify(a));
    expect(row).toEqual(a);
    expect(mergeAggregate(row, a).count).toBe(2);
  });

  it('buckets by time when asked, and drain starts over', () => {
    const agg = new FlowAggregator(overlay, { bucketMs: 3_600_000 });
    agg.addAll([
      flow({ time: '2026-12-01T10:10:00Z' }),
      flow({ time: '2026-12-01T10:50:00Z' }),
      flow({ time: '2026-12-01T11:05:00Z' }),
    ]);
    const d = agg.drain();
    expect(d.aggregates.map(a => [a.bucket, a.count])).toEqual([
      ['2026-12-01T10:00:00.000Z', 2],
      ['2026-12-01T11:00:00.000Z', 1],
    ]);
    expect(agg.snapshot()).toEqual({
      aggregates: [],
      flows: 0,
      replies: 0,
      overflow: { flows: 0, byClassification: {} },
    });
    expect(() => new FlowAggregator(overlay, { bucketMs: 0 })).toThrow(
      /bucketMs/,
    );
  });

  it('the attribution is the latest flow’s: a flow newer than the overlay is unexpected', () => {
    const agg = new FlowAggregator(overlay, {
      overlayTime: '2026-12-01T10:30:00Z',
    });
    const drop = (time: string) =>
      flow({ verdict: 'DROPPED', drop: 'POLICY_DENIED', time });
    agg.add(drop('2026-12-01T11:00:00Z'));
    agg.add(drop('2026-12-01T10:00:00Z'));
    const [a] = agg.snapshot().aggregates;
    expect(a.count).toBe(2);
    expect(a.attribution.cause).toBe('overlay-older-than-flow');
  });

  it('reattribute: a stored row against a changed overlay', () => {
    const [a] = aggregateFlows(overlay, [flow({ port: 6432 })]).aggregates;
    expect(a.attribution.classification).toBe('unexpected-allowed');
    const wider = overlayOf(
      false,
      `${p5432}            - port: "6432"
              protocol: TCP
`,
    );
    const b = reattribute(wider, a);
    expect(b.attribution.classification).toBe('allowed-as-expected');
    expect(b.count).toBe(a.count);
  });
});

describe('window query', () => {
  const aggs = aggregateFlows(overlay, [
    flow({ time: '2026-11-01T00:00:00Z' }),
    flow({ time: '2026-11-02T00:00:00Z', port: 22 }),
  ]).aggregates;
  it.each([
    [{}, 2],
    [{ from: '2026-11-01T12:00:00Z' }, 1],
    [{ to: '2026-11-01T12:00:00Z' }, 1],
    [{ from: '2026-11-03T00:00:00Z' }, 0],
  ])('aggregatesInWindow(%j) → %d', (w, n) => {
    expect(aggregatesInWindow(aggs, w)).toHaveLength(n);
  });

  it('unusedAllowsFromAggregates agrees with unusedAllows over the flows', () => {
    const flows = [
      flow({ time: '2026-11-01T00:00:00Z' }),
      flow({ time: '2026-11-30T00:00:00Z', port: 22 }),
    ];
    for (const w of [{}, { from: '2026-11-24T00:00:00Z' }]) {
      const fromFlows = unusedAllows(overlay, flows, w);
      const fromAggs = unusedAllowsFromAggregates(
        overlay,
        aggregateFlows(overlay, flows).aggregates,
        w,
      );
      expect(fromAggs).toEqual(fromFlows);
    }
    const [u] = unusedAllowsFromAggregates(
      overlay,
      aggregateFlows(overlay, flows).aggregates,
      { from: '2026-11-24T00:00:00Z' },
    );
    expect(u.unusedRule).toBe(true);
  });
});
