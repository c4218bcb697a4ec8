import { decodeText } from '../resources';
import { buildOverlay } from '../overlay';
import {
  attributeFlow,
  decodeHubbleFlows,
  mapHubbleEndpoint,
  unusedAllowFindings,
  unusedAllows,
} from '.';

/*
 * Hubble lines are shaped as `hubble observe -o jsonpb` prints a GetFlowsResponse: protojson of
 * cilium/cilium api/v1/flow/flow.proto (Flow, Endpoint with cluster_name, Layer4.TCP,
 * Verdict/DropReason/TrafficDirection by name, is_reply as a bare boolean) and observer.proto.
 */
const deploy = (name: string, port: number) => `apiVersion: apps/v1
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
          ports:
            - containerPort: ${port}
`;
const config = (name: string, id: number, audit = false) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: cilium-config
  namespace: kube-system
data:
  cluster-name: ${name}
  cluster-id: "${id}"
  policy-audit-mode: "${audit}"
`;
const policy = `apiVersion: cilium.io/v2
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
            - port: "5432"
              protocol: TCP
`;

function overlay(audit = false) {
  const c1 = `${config('c1', 1, audit)}---
${deploy('web', 8080)}---
${deploy('db', 5432)}---
${policy}`;
  return buildOverlay([
    { name: 'c1', resources: decodeText(c1, 'file:///c1.yaml').resources },
  ]);
}

const ep = (app: string, pod: string) => ({
  ID: 1234,
  identity: 41000,
  clusterName: 'c1',
  namespace: 'shop',
  labels: [
    `k8s:app=${app}`,
    'k8s:io.cilium.k8s.policy.cluster=c1',
    'k8s:io.kubernetes.pod.namespace=shop',
  ],
  podName: pod,
  workloads: [{ name: app, kind: 'Deployment' }],
});

const line = (o: {
  src?: object;
  dst?: object;
  verdict?: string;
  drop?: string;
  port?: number;
  reply?: boolean;
  time?: string;
}) =>
  JSON.stringify({
    flow: {
      time: o.time ?? '2026-12-01T10:00:00.123456789Z',
      uuid: 'a0b1c2d3-0000-4000-8000-000000000001',
      verdict: o.verdict ?? 'FORWARDED',
      ...(o.drop ? { dropReason: 133, dropReasonDesc: o.drop } : {}),
      ethernet: {
        source: '8a:2b:00:00:00:01',
        destination: '8a:2b:00:00:00:02',
      },
      IP: { source: '10.0.1.5', destination: '10.0.2.7', ipVersion: 'IPv4' },
      l4: {
        TCP: {
          sourcePort: 43210,
          destinationPort: o.port ?? 5432,
          flags: { SYN: true },
        },
      },
      source: o.src ?? ep('web', 'web-7d4b9c-abcde'),
      destination: o.dst ?? ep('db', 'db-5f6d7e-fghij'),
      Type: 'L3_L4',
      nodeName: 'c1/node-1',
      eventType: { type: 5 },
      trafficDirection: 'INGRESS',
      isReply: o.reply ?? false,
      Summary: 'TCP Flags: SYN',
    },
    nodeName: 'c1/node-1',
    time: o.time ?? '2026-12-01T10:00:00.123456789Z',
  });

const one = (l: string, audit = false, opts = {}) => {
  const d = decodeHubbleFlows(l);
  expect(d.errors).toEqual([]);
  return attributeFlow(overlay(audit), d.flows[0].flow, opts);
};

describe('decodeHubbleFlows', () => {
  it('reads GetFlowsResponse lines and bare flows, skips other events, locates errors', () => {
    const text = [
      line({}),
      '',
      JSON.stringify({ node_status: { state_change: 'NODE_CONNECTED' } }),
      JSON.stringify(JSON.parse(line({})).flow),
      '{not json',
      JSON.stringify({ flow: { l4: { TCP: { destinationPort: 'x' } } } }),
      JSON.stringify({ flow: { source: { labels: 'k8s:app=web' } } }),
    ].join('\n');
    const d = decodeHubbleFlows(text);
    expect(d.flows.map(f => f.line)).toEqual([1, 4]);
    expect(d.skipped).toBe(1);
    expect(d.errors.map(e => [e.line, e.field])).toEqual([
      [5, ''],
      [6, 'flow.l4.TCP.destinationPort'],
      [7, 'flow.source.labels'],
    ]);
  });
});

describe('attributeFlow', () => {
  it('allowed as expected, with the deciding rule on the ingress side', () => {
    const a = one(line({}));
    expect(a.classification).toBe('allowed-as-expected');
    expect(a.flow?.from).toEqual({ workload: 'c1/shop/Deployment/web' });
    expect(
      a.ingressRules.map(r => [r.policyName, r.section, r.ruleIndex]),
    ).toEqual([['db-ingress', 'ingress', 0]]);
    expect(a.verdict?.egress.outcome).toBe('not-isolated');
  });

  it('dropped as expected by default deny (port 22 not allowed)', () => {
    const a = one(
      line({ verdict: 'DROPPED', drop: 'POLICY_DENIED', port: 22 }),
    );
    expect(a.classification).toBe('dropped-as-expected');
    expect(a.verdict?.ingress.outcome).toBe('default-deny');
    expect(a.ingressRules.map(r => r.policyName)).toEqual(['db-ingress']);
  });

  it('unexpected-allowed: audit mode on in cilium-config', () => {
    const a = one(line({ port: 22 }), true);
    expect(a.classification).toBe('unexpected-allowed');
    expect(a.cause).toBe('policy-audit-mode');
  });

  it('AUDIT verdict: policy would drop it, audit mode forwarded it', () => {
    const a = one(line({ verdict: 'AUDIT', port: 22 }), true);
    expect(a.classification).toBe('dropped-as-expected');
    expect(a.audit).toBe(true);
  });

  it('unexpected-dropped: a flow newer than the overlay', () => {
    const a = one(line({ verdict: 'DROPPED', drop: 'POLICY_DENIED' }), false, {
      overlayTime: '2026-12-01T09:00:00Z',
    });
    expect(a.classification).toBe('unexpected-dropped');
    expect(a.cause).toBe('overlay-older-than-flow');
  });

  it('replies are not policy-decided; non-policy drops and L7 events are skipped', () => {
    expect(one(line({ reply: true })).classification).toBe('reply');
    expect(
      one(line({ verdict: 'DROPPED', drop: 'CT_MAP_INSERTION_FAILED' }))
        .classification,
    ).toBe('not-policy');
    const l7 = JSON.parse(line({}));
    l7.flow.Type = 'L7';
    expect(one(JSON.stringify(l7)).classification).toBe('not-policy');
  });

  it('world by reserved label and IP; unknown pods', () => {
    const world = {
      identity: 2,
      labels: ['reserved:world'],
    };
    const a = one(
      line({ src: world, verdict: 'DROPPED', drop: 'POLICY_DENIED' }),
    );
    expect(a.flow?.from).toEqual({ cidr: '10.0.1.5/32' });
    expect(a.classification).toBe('dropped-as-expected');
    const b = one(line({ src: { ...ep('ghost', 'ghost-1'), workloads: [] } }));
    expect(b.classification).toBe('unknown-endpoint');
  });
});

describe('unusedAllows', () => {
  const flows = (text: string) =>
    decodeHubbleFlows(text).flows.map(f => f.flow);
  it('a rule whose only path carried traffic is used', () => {
    const [u] = unusedAllows(overlay(), flows(line({})));
    expect(u.rule.policyName).toBe('db-ingress');
    expect(u.paths.map(p => [p.from, p.to, p.ports, p.observed])).toEqual([
      [
        { workload: 'c1/shop/Deployment/web' },
        { workload: 'c1/shop/Deployment/db' },
        [{ protocol: 'TCP', port: 5432 }],
        ['TCP/5432'],
      ],
    ]);
    expect(u.unusedRule).toBe(false);
    expect(u.unused).toEqual([]);
  });
  it('no forwarded flow in the window: the rule is unused', () => {
    const text = [
      line({ time: '2026-11-01T00:00:00Z' }),
      line({ verdict: 'DROPPED', drop: 'POLICY_DENIED' }),
    ].join('\n');
    const [u] = unusedAllows(overlay(), flows(text), {
      from: '2026-11-24T00:00:00Z',
    });
    expect(u.unusedRule).toBe(true);
    expect(u.unused.map(p => p.to)).toEqual([
      { workload: 'c1/shop/Deployment/db' },
    ]);
  });
});

describe('unusedAllowFindings', () => {
  it('one info finding per rule with unused paths, located at the rule', () => {
    const usage = unusedAllows(overlay(), []);
    const [f] = unusedAllowFindings(usage, 'the last 7 days');
    expect(f.ruleId).toBe('allow-rule-unused');
    expect(f.uri).toBe('file:///c1.yaml');
    expect(f.message).toContain(
      'none carried a forwarded flow in the last 7 days',
    );
    expect(f.message).toContain(
      'c1/shop/Deployment/web → c1/shop/Deployment/db 5432/TCP',
    );
    expect(
      unusedAllowFindings(
        unusedAllows(
          overlay(),
          decodeHubbleFlows(line({})).flows.map(x => x.flow),
        ),
      ),
    ).toEqual([]);
  });
});

describe('mapHubbleEndpoint', () => {
  it('reserved identities are entities in the endpoint cluster', () => {
    const o = overlay();
    expect(
      mapHubbleEndpoint(
        o,
        { identity: 1, labels: ['reserved:host'] },
        '10.0.0.1',
        {
          defaultCluster: 'c1',
        },
      ),
    ).toEqual({ entity: 'host', cluster: 'c1' });
    expect(
      mapHubbleEndpoint(
        o,
        {
          identity: 7,
          clusterName: 'c1',
          labels: ['reserved:kube-apiserver', 'reserved:world'],
        },
        undefined,
      ),
    ).toEqual({ entity: 'kube-apiserver', cluster: 'c1' });
    expect(
      mapHubbleEndpoint(
        o,
        { identity: 6, labels: ['reserved:remote-node'] },
        '10.1.0.1',
      ),
    ).toEqual({ entity: 'remote-node' });
  });
});

describe('mutual authentication (SEMANTICS §2.14)', () => {
  const authOverlay = (meshAuth: boolean) =>
    buildOverlay([
      {
        name: 'c1',
        resources: decodeText(
          `${config('c1', 1)}  mesh-auth-enabled: "${meshAuth}"
---
${deploy('web', 8080)}---
${deploy('db', 5432)}---
${policy}      authentication:
        mode: required
`,
          'file:///c1.yaml',
        ).resources,
      },
    ]);
  const drop = () =>
    decodeHubbleFlows(line({ verdict: 'DROPPED', drop: 'AUTH_REQUIRED' }))
      .flows[0].flow;
  it('mesh auth off: the engine predicts the drop (fail closed)', () => {
    const a = attributeFlow(authOverlay(false), drop());
    expect(a.classification).toBe('dropped-as-expected');
  });
  it('mesh auth on in one cluster, AUTH_REQUIRED drop: unexpected, cause mutual-auth', () => {
    const a = attributeFlow(authOverlay(true), drop());
    expect(a.classification).toBe('unexpected-dropped');
    expect(a.cause).toBe('mutual-auth');
  });
});

describe('proto field names', () => {
  // What `hubble observe -o jsonpb` prints: cilium's flow.pb.json.go marshals with UseProtoNames.
  const real = JSON.stringify({
    flow: {
      time: '2026-12-01T10:00:00.123456789Z',
      verdict: 'DROPPED',
      drop_reason: 133,
      drop_reason_desc: 'POLICY_DENIED',
      IP: { source: '10.0.1.5', destination: '10.0.2.7', ipVersion: 'IPv4' },
      l4: { TCP: { source_port: 43210, destination_port: 22 } },
      source: {
        cluster_name: 'c1',
        namespace: 'shop',
        labels: ['k8s:app=web', 'k8s:release_train=2026_12'],
        pod_name: 'web-7d4b9c-abcde',
      },
      destination: {
        cluster_name: 'c1',
        namespace: 'shop',
        labels: ['k8s:app=db'],
        pod_name: 'db-5f6d7e-fghij',
      },
      Type: 'L3_L4',
      node_name: 'c1/node-1',
      traffic_direction: 'INGRESS',
      is_reply: false,
    },
    node_name: 'c1/node-1',
    time: '2026-12-01T10:00:00.123456789Z',
  });
  it('reads snake_case lines as the JSON names, and locates errors as written', () => {
    const d = decodeHubbleFlows(
      `${real}\n${real.replace('"destination_port":22', '"destination_port":"x"')}`,
    );
    expect(d.flows[0].flow.l4?.TCP?.destinationPort).toBe(22);
    expect(d.flows[0].flow.source?.podName).toBe('web-7d4b9c-abcde');
    // Only keys are renamed: values with underscores stay as they are.
    expect(d.flows[0].flow.source?.labels).toEqual([
      'k8s:app=web',
      'k8s:release_train=2026_12',
    ]);
    expect(d.flows[0].flow.dropReasonDesc).toBe('POLICY_DENIED');
    expect(d.flows[0].flow.isReply).toBe(false);
    expect(d.errors.map(e => [e.line, e.field])).toEqual([
      [2, 'flow.l4.TCP.destination_port'],
    ]);
    expect(d.errors[0].message).toContain('flow.l4.TCP.destination_port');
    const a = attributeFlow(overlay(), d.flows[0].flow);
    expect(a.classification).toBe('dropped-as-expected');
  });
});
