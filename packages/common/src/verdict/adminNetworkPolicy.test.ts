/*
 * AdminNetworkPolicy / BaselineAdminNetworkPolicy (SEMANTICS §1.8) through the real parser,
 * decoders and overlay: hand-checked verdicts per layer, explain naming the deciding layer
 * and rule with its source position, connectivity and diff agreeing with explain, and the
 * Cilium enforcer saying the objects are present and not enforced.
 */
import {
  computeConnectivity,
  connectionAllows,
  diffConnectivity,
  endpointKey,
} from '../connectivity';
import type { EnforcerKind, Endpoint, Overlay, Protocol } from '../model';
import { buildOverlay } from '../overlay';
import { decodeText } from '../resources';
import { explainFlow } from './explainFlow';

const BASE = `
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: a}}
---
apiVersion: v1
kind: Namespace
metadata: {name: other, labels: {team: b}}
---
apiVersion: v1
kind: Namespace
metadata: {name: monitoring, labels: {team: ops}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: main}]}
status: {podIP: 10.1.0.5}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {containers: [{name: main, ports: [{name: pg, containerPort: 5432}]}]}
status: {podIP: 10.1.0.6}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: other, labels: {app: api}}
spec: {containers: [{name: main}]}
status: {podIP: 10.1.0.7}
---
apiVersion: v1
kind: Pod
metadata: {name: prom, namespace: monitoring, labels: {app: prom}}
spec: {containers: [{name: main}]}
status: {podIP: 10.1.0.8}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: pg}]
`;

const LAYERS = `---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: allow-monitoring}
spec:
  priority: 10
  subject: {namespaces: {}}
  ingress:
  - name: allow-prom
    action: Allow
    from: [{namespaces: {matchLabels: {team: ops}}}]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: tenant-isolation}
spec:
  priority: 20
  subject: {namespaces: {matchLabels: {team: a}}}
  ingress:
  - name: pass-same-tenant
    action: Pass
    from: [{namespaces: {matchLabels: {team: a}}}]
  - name: deny-other-tenants
    action: Deny
    from: [{namespaces: {}}]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: block-metadata}
spec:
  priority: 30
  subject: {namespaces: {}}
  egress:
  - action: Deny
    to: [{networks: [169.254.169.254/32]}]
    ports: [{portRange: {protocol: TCP, start: 1, end: 1024}}]
`;

const BANP = `---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {matchLabels: {team: b}}}
  ingress:
  - name: deny-in-cluster
    action: Deny
    from: [{namespaces: {}}]
`;

function overlayOf(text: string, enforcer?: EnforcerKind): Overlay {
  const r = decodeText(text, 'cluster.yaml');
  expect(r.problems.filter(p => p.severity === 'error')).toEqual([]);
  return buildOverlay([
    { name: 'c1', resources: r.resources, ...(enforcer ? { enforcer } : {}) },
  ]);
}

const w = (name: string, ns: string): Endpoint => ({
  workload: `c1/${ns}/Pod/${name}`,
});
const web = w('web', 'shop');
const db = w('db', 'shop');
const api = w('api', 'other');
const prom = w('prom', 'monitoring');

const explain = (
  o: Overlay,
  from: Endpoint,
  to: Endpoint,
  port: number,
  protocol: Protocol = 'TCP',
) => explainFlow(o, { from, to, port, protocol });

describe('ANP → NetworkPolicy → BANP → default (kubernetes enforcer)', () => {
  const o = overlayOf(BASE + LAYERS + BANP);

  it('an ANP Allow beats a NetworkPolicy that would isolate (prom → db)', () => {
    const v = explain(o, prom, db, 5432);
    expect(v.allowed).toBe(true);
    expect(v.ingress).toMatchObject({
      outcome: 'allowed',
      layer: 'AdminNetworkPolicy',
      rules: [
        {
          policyKind: 'AdminNetworkPolicy',
          policyName: 'allow-monitoring',
          priority: 10,
          section: 'ingress',
          ruleIndex: 0,
          ruleName: 'allow-prom',
          action: 'allow',
        },
      ],
    });
    // Names live in `rules` (which the backend redacts per caller), not in the reason.
    expect(v.ingress.reason).toBe(
      'allowed by AdminNetworkPolicy (priority 10) rule ingress[0]',
    );
  });

  it('the deciding rule carries its source position (file, line of the rule)', () => {
    const rule = explain(o, prom, db, 5432).ingress.rules[0];
    expect(rule.location?.uri).toBe('cluster.yaml');
    const lines = (BASE + LAYERS + BANP).split('\n');
    expect(lines[rule.location!.range.start.line]).toContain(
      'name: allow-prom',
    );
  });

  it('an ANP Deny is final (api → db, the second rule of priority 20)', () => {
    const v = explain(o, api, db, 5432);
    expect(v.ingress).toMatchObject({
      outcome: 'denied',
      allowed: false,
      layer: 'AdminNetworkPolicy',
      rules: [{ policyName: 'tenant-isolation', priority: 20, ruleIndex: 1 }],
    });
  });

  it('Pass defers to the NetworkPolicy that isolates db (web → db allowed on pg, denied elsewhere)', () => {
    const ok = explain(o, web, db, 5432);
    expect(ok.ingress).toMatchObject({
      outcome: 'allowed',
      layer: 'NetworkPolicy',
      rules: [{ policyKind: 'NetworkPolicy', policyName: 'db-from-web' }],
      passedBy: [{ policyName: 'tenant-isolation', ruleIndex: 0 }],
    });
    expect(ok.ingress.reason).toMatch(
      /^AdminNetworkPolicy \(priority 20\) rule ingress\[0\] passed it on; allowed by 1 rule/,
    );
    const no = explain(o, web, db, 80);
    expect(no.ingress).toMatchObject({
      outcome: 'default-deny',
      layer: 'NetworkPolicy',
    });
  });

  it('no NetworkPolicy selects api: the BANP decides (web → api denied)', () => {
    const v = explain(o, web, api, 80);
    expect(v.ingress).toMatchObject({
      outcome: 'denied',
      layer: 'BaselineAdminNetworkPolicy',
      rules: [
        {
          policyKind: 'BaselineAdminNetworkPolicy',
          policyName: 'default',
          ruleName: 'deny-in-cluster',
        },
      ],
    });
    expect(v.ingress.reason).toMatch(/no NetworkPolicy selects the workload/);
  });

  it('an earlier ANP Allow still wins over the BANP (prom → api)', () => {
    expect(explain(o, prom, api, 80).ingress).toMatchObject({
      allowed: true,
      layer: 'AdminNetworkPolicy',
    });
  });

  it('nothing matches: allowed by default, and explain says which layer (world → api)', () => {
    const v = explain(o, { cidr: '203.0.113.9/32' }, api, 80);
    expect(v.ingress).toMatchObject({
      outcome: 'not-isolated',
      allowed: true,
      layer: 'default',
      rules: [],
    });
  });

  it('networks peers decide egress to addresses, with their port range', () => {
    const meta = { cidr: '169.254.169.254/32' };
    expect(explain(o, web, meta, 80).egress).toMatchObject({
      outcome: 'denied',
      layer: 'AdminNetworkPolicy',
      rules: [{ policyName: 'block-metadata' }],
    });
    expect(explain(o, web, meta, 8080).egress).toMatchObject({
      allowed: true,
      layer: 'default',
    });
  });

  it('connectivity and diff agree with explain on every pair and probe port', () => {
    const conn = computeConnectivity(o);
    const byPair = new Map(
      conn.connections.map(c => [
        `${endpointKey(c.from)}|${endpointKey(c.to)}`,
        c,
      ]),
    );
    const pods = [web, db, api, prom];
    const ends: Endpoint[] = [...pods, { cidr: '169.254.169.254/32' }];
    let checked = 0;
    for (const from of pods) {
      for (const to of ends) {
        if (from === to) continue;
        const c = byPair.get(`${endpointKey(from)}|${endpointKey(to)}`);
        for (const port of [80, 5432, 8080]) {
          const e = explain(o, from, to, port).allowed;
          expect([endpointKey(from), endpointKey(to), port, e]).toEqual([
            endpointKey(from),
            endpointKey(to),
            port,
            !!c && connectionAllows(c, 'TCP', port),
          ]);
          checked++;
        }
      }
    }
    expect(checked).toBe(48);
    // Adding the BANP removes every in-cluster connection into `other` but prom's.
    const before = computeConnectivity(overlayOf(BASE + LAYERS));
    const d = diffConnectivity(before, conn);
    expect(
      d.removed.map(c => `${endpointKey(c.from)} -> ${endpointKey(c.to)}`),
    ).toEqual(
      expect.arrayContaining([
        'c1/shop/Pod/web -> c1/other/Pod/api',
        'c1/shop/Pod/db -> c1/other/Pod/api',
      ]),
    );
    expect(
      d.removed.some(c => endpointKey(c.from) === 'c1/monitoring/Pod/prom'),
    ).toBe(false);
    expect(d.added).toEqual([]);
  });

  it('equal priorities: ytk evaluates by name (the API leaves the order open, lint K12)', () => {
    const tie = `---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: b-allow}
spec:
  priority: 5
  subject: {namespaces: {}}
  ingress: [{action: Allow, from: [{namespaces: {}}]}]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: a-deny}
spec:
  priority: 5
  subject: {namespaces: {}}
  ingress: [{action: Deny, from: [{namespaces: {}}]}]
`;
    const v = explain(overlayOf(BASE + tie), web, api, 80);
    expect(v.ingress).toMatchObject({
      outcome: 'denied',
      rules: [{ policyName: 'a-deny' }],
    });
  });

  it('a peer of a newer API version fails closed: Deny denies all, Allow matches nothing', () => {
    const newer = (action: string) => `---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: newer}
spec:
  priority: 1
  subject: {namespaces: {matchLabels: {team: b}}}
  ingress: [{action: ${action}, from: [{serviceAccounts: {}}]}]
`;
    const deny = overlayOf(BASE + newer('Deny'));
    expect(explain(deny, prom, api, 80).ingress).toMatchObject({
      outcome: 'denied',
      layer: 'AdminNetworkPolicy',
    });
    const allow = overlayOf(BASE + newer('Allow') + BANP);
    expect(explain(allow, prom, api, 80).ingress).toMatchObject({
      outcome: 'denied',
      layer: 'BaselineAdminNetworkPolicy',
    });
  });

  it('host-network pods are never ANP subjects nor pods/namespaces peers; nodes: {} matches them', () => {
    const text = `${BASE}---
apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: other, labels: {app: agent}}
spec: {hostNetwork: true, containers: [{name: main}]}
status: {podIP: 10.0.0.2}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: nodes}
spec:
  priority: 1
  subject: {namespaces: {matchLabels: {team: a}}}
  egress:
  - {action: Deny, to: [{nodes: {}}]}
  - {action: Allow, to: [{namespaces: {}}]}
`;
    const o2 = overlayOf(text);
    const agent = w('agent', 'other');
    expect(explain(o2, web, agent, 80).egress).toMatchObject({
      outcome: 'denied',
      rules: [{ ruleIndex: 0 }],
    });
    expect(explain(o2, web, api, 80).egress).toMatchObject({
      outcome: 'allowed',
      rules: [{ ruleIndex: 1 }],
    });
    // agent (other, team b) is not selected by the namespaces subject of team a anyway;
    // with a selector that would match it, host-network still keeps it out.
    expect(explain(o2, agent, web, 80).egress.layer).toBe('default');
  });
});

describe('the Cilium enforcer does not enforce ANP / BANP, and says so', () => {
  const o = overlayOf(BASE + LAYERS + BANP, 'cilium');

  it('verdicts are NetworkPolicy alone (prom → db denied by the NP, web → api open)', () => {
    const v = explain(o, prom, db, 5432);
    expect(v.allowed).toBe(false);
    expect(v.ingress.layer).toBeUndefined();
    expect(explain(o, web, api, 80).allowed).toBe(true);
  });

  it('every explanation names the ANP / BANP objects as present and not enforced', () => {
    const v = explain(o, web, api, 80);
    expect(v.caveats).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^policy AdminNetworkPolicy allow-monitoring ignored \(not enforced by the cilium enforcer/,
        ),
        expect.stringMatching(
          /^policy BaselineAdminNetworkPolicy default ignored \(not enforced by the cilium enforcer/,
        ),
      ]),
    );
    expect(o.clusters[0].ignoredPolicies?.map(p => p.name)).toEqual([
      'allow-monitoring',
      'tenant-isolation',
      'block-metadata',
      'default',
    ]);
  });
});
