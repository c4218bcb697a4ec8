/*
 * The calico enforcer (SEMANTICS §3, docs/calico.md) through the real parser, decoders and
 * overlay: hand-checked verdicts per rule of §3 (tiers, order, Pass, Log, tier
 * defaultAction, Kubernetes NetworkPolicy in the default tier, types defaulting, the
 * selector language, namespaceSelector, serviceAccounts, nets, named ports), explain naming
 * the deciding tier, policy and rule, and computeConnectivity agreeing with explain on
 * every case.
 */
import {
  computeConnectivity,
  connectionAllows,
  endpointKey,
} from '../connectivity';
import type {
  EnforcerKind,
  Endpoint,
  Overlay,
  Protocol,
  Verdict,
} from '../model';
import { buildOverlay } from '../overlay';
import { decodeText } from '../resources';
import { explainFlow } from './explainFlow';

const BASE = `
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: blue}}
---
apiVersion: v1
kind: Namespace
metadata: {name: dev, labels: {team: red}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web, env: prod}}
spec: {serviceAccountName: web-sa, containers: [{name: main}]}
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
metadata: {name: api, namespace: dev, labels: {app: api}}
spec: {containers: [{name: main}]}
status: {podIP: 10.2.0.7}
`;

function overlayOf(text: string, enforcer?: EnforcerKind): Overlay {
  const r = decodeText(BASE + text, 'cluster.yaml');
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
const api = w('api', 'dev');
const world: Endpoint = { entity: 'world' };

/** explain, checked against computeConnectivity for the same flow. */
function explain(
  o: Overlay,
  from: Endpoint,
  to: Endpoint,
  port: number,
  protocol: Protocol = 'TCP',
): Verdict {
  const v = explainFlow(o, { from, to, port, protocol });
  const c = computeConnectivity(o).connections.find(
    x =>
      endpointKey(x.from) === endpointKey(from) &&
      endpointKey(x.to) === endpointKey(to),
  );
  const connected = !!c && connectionAllows(c, protocol, port);
  if (connected !== v.allowed)
    throw new Error(
      `explain says ${v.allowed}, connectivity ${connected} for ${endpointKey(from)} -> ${endpointKey(to)} ${protocol}/${port}: ${v.reasons.join('; ')}`,
    );
  return v;
}

const KNP_WEB_TO_DB = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
`;

const securityTier = (defaultAction?: string) => `---
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: security}
spec: {order: 100${defaultAction ? `, defaultAction: ${defaultAction}` : ''}}
`;

describe('calico enforcer: detection and profiles', () => {
  it('is detected from Calico objects and says so; nothing selecting ⇒ the profile allows', () => {
    const o = overlayOf(securityTier());
    expect(o.clusters[0].enforcer).toBe('calico');
    expect(o.clusters[0].enforcerSource).toBe('calico-objects');
    const v = explain(o, web, db, 80);
    expect(v.allowed).toBe(true);
    expect(v.ingress).toMatchObject({
      enforcer: 'calico',
      outcome: 'not-isolated',
      layer: 'CalicoProfile',
    });
  });

  it('is chosen by --enforcer calico for plain Kubernetes manifests', () => {
    const o = overlayOf(KNP_WEB_TO_DB, 'calico');
    expect(o.clusters[0].enforcerSource).toBe('forced');
    const v = explain(o, web, db, 5432);
    expect(v.ingress).toMatchObject({
      layer: 'CalicoTier',
      tier: 'default',
      rules: [
        {
          policyKind: 'NetworkPolicy',
          calicoName: 'knp.default.db-from-web',
          order: 1000,
          tier: 'default',
          ruleIndex: 0,
        },
      ],
    });
    // Kubernetes NP isolation = the default tier's end-of-tier Deny.
    const denied = explain(o, api, db, 5432);
    expect(denied.allowed).toBe(false);
    expect(denied.ingress).toMatchObject({
      outcome: 'default-deny',
      layer: 'CalicoTierDefault',
      tier: 'default',
      rules: [{ calicoName: 'knp.default.db-from-web', tierDefault: true }],
    });
  });

  it('leaves Calico policies out under the kubernetes enforcer, and says why', () => {
    const o = overlayOf(
      `---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: deny-all, namespace: shop}
spec: {selector: all(), types: [Ingress]}
`,
      'kubernetes',
    );
    expect(o.clusters[0].ignoredPolicies).toMatchObject([
      {
        kind: 'CalicoNetworkPolicy',
        namespace: 'shop',
        cause: 'not-enforced',
      },
    ]);
    expect(explain(o, web, db, 80).allowed).toBe(true);
  });
});

describe('calico enforcer: tiers, order, Pass, Log (SEMANTICS §3.4)', () => {
  const GNP_DEV_DENY = `---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: security.no-dev}
spec:
  tier: security
  order: 10
  selector: all()
  ingress:
  - action: Deny
    source: {namespaceSelector: "team == 'red'"}
`;

  it('T13: a tier that applies and matches nothing drops before the Kubernetes NP', () => {
    const o = overlayOf(securityTier() + GNP_DEV_DENY + KNP_WEB_TO_DB);
    const v = explain(o, web, db, 5432);
    expect(v.allowed).toBe(false);
    expect(v.ingress).toMatchObject({
      outcome: 'default-deny',
      layer: 'CalicoTierDefault',
      tier: 'security',
      rules: [{ policyName: 'security.no-dev', tierDefault: true }],
    });
    expect(v.ingress.reason).toContain('tier "security" applies');
    // the Deny rule itself decides for dev
    const dev = explain(o, api, db, 5432);
    expect(dev.ingress).toMatchObject({
      outcome: 'denied',
      layer: 'CalicoTier',
      tier: 'security',
      rules: [{ policyKind: 'GlobalNetworkPolicy', ruleIndex: 0, order: 10 }],
    });
    expect(dev.ingress.rules[0].location?.range.start.line).toBeGreaterThan(0);
  });

  it('T13 with defaultAction Pass: the Kubernetes NP in the default tier decides', () => {
    const o = overlayOf(securityTier('Pass') + GNP_DEV_DENY + KNP_WEB_TO_DB);
    const v = explain(o, web, db, 5432);
    expect(v.allowed).toBe(true);
    expect(v.ingress).toMatchObject({
      layer: 'CalicoTier',
      tier: 'default',
      rules: [{ calicoName: 'knp.default.db-from-web' }],
      passedBy: [{ policyName: 'security.no-dev', tierDefault: true }],
    });
    expect(explain(o, api, db, 5432).ingress.layer).toBe('CalicoTier');
  });

  it('a Pass rule skips the rest of its tier and names itself in passedBy', () => {
    const o = overlayOf(
      `${securityTier()}---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: security.pass-shop}
spec:
  tier: security
  order: 1
  selector: all()
  ingress:
  - action: Pass
    source: {namespaceSelector: "team == 'blue'"}
  - action: Deny
${KNP_WEB_TO_DB}`,
    );
    const v = explain(o, web, db, 5432);
    expect(v.allowed).toBe(true);
    expect(v.ingress.passedBy).toMatchObject([
      { policyName: 'security.pass-shop', ruleIndex: 0, action: 'pass' },
    ]);
    // dev is not passed: the Deny rule of the same policy decides
    expect(explain(o, api, db, 5432).ingress).toMatchObject({
      outcome: 'denied',
      rules: [{ ruleIndex: 1 }],
    });
  });

  const twoPolicies = (denyOrder: string, allowOrder: string) =>
    overlayOf(`---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: a-deny, namespace: shop}
spec:
  ${denyOrder}
  selector: app == 'db'
  ingress: [{action: Deny}]
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: b-allow, namespace: shop}
spec:
  ${allowOrder}
  selector: app == 'db'
  ingress: [{action: Allow}]
`);

  it.each([
    ['order: 10', 'order: 20', false],
    ['order: 20', 'order: 10', true],
    // equal order: by name (a-deny first) — fragile (P05)
    ['order: 10', 'order: 10', false],
    // no order = after every ordered policy
    ['', 'order: 500', true],
    ['order: 500', '', false],
  ])(
    'within a tier, by order then name (deny %s, allow %s ⇒ %s)',
    (d, a, allowed) => {
      const v = explain(twoPolicies(d, a), web, db, 80);
      expect(v.allowed).toBe(allowed);
      expect(v.ingress.layer).toBe('CalicoTier');
    },
  );

  it('a Log rule continues with the next rule', () => {
    const o = overlayOf(`---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: log-then-allow, namespace: shop}
spec:
  selector: app == 'db'
  ingress: [{action: Log}, {action: Allow, protocol: TCP, destination: {ports: [5432]}}]
`);
    expect(explain(o, web, db, 5432).ingress).toMatchObject({
      outcome: 'allowed',
      rules: [{ ruleIndex: 1 }],
    });
    expect(explain(o, web, db, 80).ingress.layer).toBe('CalicoTierDefault');
  });

  it('an AdminNetworkPolicy (tier adminnetworkpolicy, order 1000) decides before the default tier', () => {
    const o = overlayOf(`---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: no-dev}
spec:
  priority: 5
  subject: {namespaces: {matchLabels: {team: blue}}}
  ingress:
  - action: Deny
    from: [{namespaces: {matchLabels: {team: red}}}]
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: allow-all, namespace: shop}
spec:
  selector: all()
  ingress: [{action: Allow}]
`);
    expect(explain(o, api, db, 80).ingress).toMatchObject({
      outcome: 'denied',
      tier: 'adminnetworkpolicy',
      rules: [
        {
          policyKind: 'AdminNetworkPolicy',
          calicoName: 'kanp.adminnetworkpolicy.no-dev',
          order: 5,
        },
      ],
    });
    // the ANP tier's defaultAction is Pass: web goes on to the default tier
    expect(explain(o, web, db, 80).ingress).toMatchObject({
      outcome: 'allowed',
      tier: 'default',
    });
  });
});

describe('calico enforcer: policy and rule fields (SEMANTICS §3.1–3.3)', () => {
  it('P06: an egress-only policy (types defaulted to [Egress]) does not isolate ingress', () => {
    const o = overlayOf(`---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: db-egress, namespace: shop}
spec:
  selector: app == 'db'
  egress: [{action: Deny}]
`);
    expect(explain(o, web, db, 80).allowed).toBe(true);
    const out = explain(o, db, web, 80);
    expect(out.allowed).toBe(false);
    expect(out.egress).toMatchObject({
      outcome: 'denied',
      direction: 'egress',
    });
  });

  it('a policy without rules and types isolates ingress only', () => {
    const o = overlayOf(`---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: isolate, namespace: shop}
spec: {selector: app == 'db'}
`);
    expect(explain(o, web, db, 80).ingress.layer).toBe('CalicoTierDefault');
    expect(explain(o, db, web, 80).allowed).toBe(true);
  });

  it('P02: != also matches endpoints without the label; selector is namespaced in a NetworkPolicy', () => {
    const o = overlayOf(`---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: not-prod, namespace: shop}
spec:
  selector: app == 'db'
  ingress:
  - action: Allow
    source: {selector: "env != 'prod'"}
---
apiVersion: v1
kind: Pod
metadata: {name: batch, namespace: shop, labels: {app: batch}}
spec: {containers: [{name: main}]}
`);
    const batch = w('batch', 'shop');
    expect(explain(o, batch, db, 80).allowed).toBe(true); // no env label
    expect(explain(o, web, db, 80).allowed).toBe(false); // env: prod
    expect(explain(o, api, db, 80).allowed).toBe(false); // other namespace
  });

  it('namespaceSelector selects by namespace labels; all() = every namespace', () => {
    const o = overlayOf(`---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: from-red, namespace: shop}
spec:
  selector: app == 'db'
  ingress:
  - action: Allow
    source: {namespaceSelector: "team == 'red'", selector: "app == 'api'"}
  - action: Allow
    protocol: UDP
    source: {namespaceSelector: all()}
`);
    expect(explain(o, api, db, 80).allowed).toBe(true);
    expect(explain(o, web, db, 80).allowed).toBe(false);
    expect(explain(o, web, db, 53, 'UDP').allowed).toBe(true);
    expect(explain(o, world, db, 53, 'UDP').allowed).toBe(false);
  });

  it('P03: notSelector admits non-Calico sources; a !has() selector does not', () => {
    const o = overlayOf(`---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: not-web}
spec:
  selector: app == 'db'
  ingress:
  - action: Allow
    protocol: TCP
    source: {notSelector: "app == 'web'"}
  - action: Allow
    protocol: UDP
    source: {selector: "!has(env)"}
`);
    expect(explain(o, world, db, 80).allowed).toBe(true);
    expect(explain(o, api, db, 80).allowed).toBe(true);
    expect(explain(o, web, db, 80).allowed).toBe(false);
    expect(explain(o, world, db, 80, 'UDP').allowed).toBe(false);
    expect(explain(o, api, db, 80, 'UDP').allowed).toBe(true);
  });

  it('serviceAccounts names and serviceAccountSelector', () => {
    const o = overlayOf(`---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: from-web-sa, namespace: shop}
spec:
  selector: app == 'db'
  ingress:
  - action: Allow
    source: {serviceAccounts: {names: [web-sa]}}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: web-sa-egress}
spec:
  serviceAccountSelector: "projectcalico.org/name == 'web-sa'"
  egress:
  - action: Deny
    destination: {nets: [10.2.0.0/16]}
  - action: Allow
`);
    expect(explain(o, web, db, 80).allowed).toBe(true);
    expect(explain(o, api, db, 80).allowed).toBe(false);
    // web's egress: the Deny to 10.2.0.0/16 (api) decides
    expect(explain(o, web, api, 80).egress).toMatchObject({
      outcome: 'denied',
      rules: [{ policyName: 'web-sa-egress', ruleIndex: 0 }],
    });
  });

  it('nets / notNets match addresses, world included', () => {
    const o = overlayOf(`---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: egress-nets, namespace: shop}
spec:
  selector: app == 'web'
  egress:
  - action: Allow
    destination: {nets: [10.0.0.0/8], notNets: [10.2.0.0/16]}
  - action: Allow
    protocol: TCP
    destination: {nets: [203.0.113.0/24], ports: [443]}
`);
    expect(explain(o, web, db, 80).allowed).toBe(true);
    expect(explain(o, web, api, 80).allowed).toBe(false);
    expect(explain(o, web, { cidr: '203.0.113.0/24' }, 443).allowed).toBe(true);
    expect(explain(o, web, { cidr: '203.0.113.0/24' }, 80).allowed).toBe(false);
    expect(explain(o, web, world, 443).allowed).toBe(false);
  });

  it('ports: numbers, ranges, named ports (resolved at the destination), notPorts', () => {
    const o = overlayOf(`---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: ports, namespace: shop}
spec:
  selector: app == 'db'
  ingress:
  - action: Allow
    protocol: TCP
    destination: {ports: [pg, "8000:8010"]}
  - action: Allow
    protocol: UDP
    destination: {notPorts: [53]}
`);
    expect(explain(o, web, db, 5432).allowed).toBe(true);
    expect(explain(o, web, db, 8005).allowed).toBe(true);
    expect(explain(o, web, db, 8011).allowed).toBe(false);
    expect(explain(o, web, db, 5432, 'UDP').allowed).toBe(true);
    expect(explain(o, web, db, 53, 'UDP').allowed).toBe(false);
  });

  it('destination.selector on an ingress rule narrows the local endpoint', () => {
    const o = overlayOf(`---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: shop-in, namespace: shop}
spec:
  selector: all()
  ingress:
  - action: Allow
    destination: {selector: "app == 'db'"}
`);
    expect(explain(o, api, db, 80).allowed).toBe(true);
    expect(explain(o, api, web, 80).ingress.layer).toBe('CalicoTierDefault');
  });

  it('a policy left out by a decode error is a caveat on every verdict', () => {
    const r = decodeText(
      `${BASE}---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: host}
spec: {selector: all(), preDNAT: true}
`,
      'cluster.yaml',
    );
    const o = buildOverlay([{ name: 'c1', resources: r.resources }]);
    const v = explain(o, web, db, 80);
    expect(v.allowed).toBe(true);
    expect(v.caveats?.join('\n')).toContain('GlobalNetworkPolicy host ignored');
  });

  it('a policy naming a tier no Tier object defines: evaluated last with Deny, and said so', () => {
    const o = overlayOf(`---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: in-missing-tier, namespace: shop}
spec:
  tier: missing
  selector: app == 'db'
  ingress: [{action: Deny, source: {selector: "app == 'api'"}}]
`);
    const v = explain(o, web, db, 80);
    expect(v.ingress).toMatchObject({
      layer: 'CalicoTierDefault',
      tier: 'missing',
    });
    expect(v.caveats).toEqual([
      expect.stringContaining('names tier "missing", which no Tier object'),
    ]);
  });
});
