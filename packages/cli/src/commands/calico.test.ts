import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../testUtils';

/* The calico enforcer through every command (docs/calico.md). */

const WORKLOADS = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: blue}}
---
apiVersion: v1
kind: Namespace
metadata: {name: dev, labels: {team: red}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: main}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {containers: [{name: main, ports: [{name: pg, containerPort: 5432}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: dev, labels: {app: api}}
spec: {containers: [{name: main}]}
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

const CALICO = `apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: security}
spec: {order: 100}
---
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
  - action: Pass
`;

describe('the calico enforcer in the CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ytk-calico-'));
    fs.writeFileSync(path.join(dir, 'workloads.yaml'), WORKLOADS);
    fs.writeFileSync(path.join(dir, 'calico.yaml'), CALICO);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const flow = (from: string, to: string, port: string) => [
    '--from',
    from,
    '--to',
    to,
    '--port',
    port,
  ];

  it('explain: detected from the Calico objects; names tier, policy, rule and line', () => {
    const r = runCli(['explain', dir, ...flow('web', 'db', '5432/TCP')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'enforcer in default: calico (detected: Calico objects)',
    );
    expect(r.out).toMatch(
      /ingress ALLOW \(allowed, cluster default, calico, decided by CalicoTier default\)/,
    );
    expect(r.out).toMatch(
      /allow by NetworkPolicy shop\/db-from-web as knp\.default\.db-from-web \(tier default, order 1000\) ingress\[0\] \(.*workloads\.yaml:30\)/,
    );
    expect(r.out).toMatch(
      /pass by GlobalNetworkPolicy security\.no-dev \(tier security, order 10\) ingress\[1\] \(.*calico\.yaml:16\)/,
    );
    const denied = runCli(['explain', dir, ...flow('api', 'db', '5432/TCP')]);
    expect(denied.out).toMatch(
      /ingress DENY {2}\(denied, .*decided by CalicoTier security\)/,
    );
    const web80 = runCli(['explain', dir, ...flow('web', 'db', '80/TCP')]);
    expect(web80.out).toMatch(
      /ingress DENY {2}\(default-deny, .*decided by CalicoTierDefault default\)/,
    );
    expect(web80.out).toMatch(
      /deny by the end of tier default \(defaultAction\): NetworkPolicy shop\/db-from-web as knp\.default\.db-from-web, order 1000 applies/,
    );
  });

  it('explain --format json carries layer, tier and passedBy', () => {
    const v = JSON.parse(
      runCli([
        'explain',
        dir,
        ...flow('web', 'db', '5432/TCP'),
        '--format',
        'json',
      ]).out,
    );
    expect(v.ingress).toMatchObject({
      enforcer: 'calico',
      layer: 'CalicoTier',
      tier: 'default',
      rules: [{ calicoName: 'knp.default.db-from-web', order: 1000 }],
      passedBy: [{ policyKind: 'GlobalNetworkPolicy', action: 'pass' }],
    });
  });

  it('--enforcer calico on plain Kubernetes manifests; connectivity says how the enforcer was chosen', () => {
    fs.rmSync(path.join(dir, 'calico.yaml'));
    const r = runCli([
      'connectivity',
      dir,
      '--enforcer',
      'calico',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      'note: cluster default: enforcer calico (--enforcer)',
    );
    const json = JSON.parse(r.out);
    expect(json.enforcers).toEqual([
      { cluster: 'default', enforcer: 'calico', source: 'forced' },
    ]);
    const pairs = (json.connections as Array<{ from: any; to: any }>).map(
      c => `${c.from.name ?? c.from.entity}>${c.to.name ?? c.to.entity}`,
    );
    expect(pairs).toContain('web>db');
    expect(pairs).not.toContain('api>db');
    expect(pairs).toContain('api>web');
  });

  it('connectivity and diff follow the tiers', () => {
    const conn = JSON.parse(
      runCli(['connectivity', dir, '--format', 'json']).out,
    );
    const pairs = (conn.connections as Array<{ from: any; to: any }>).map(
      c => `${c.from.name ?? c.from.entity}>${c.to.name ?? c.to.entity}`,
    );
    expect(pairs).toContain('web>db');
    expect(pairs).not.toContain('api>web');
    expect(pairs).toContain('web>api');
    const before = fs.mkdtempSync(path.join(os.tmpdir(), 'ytk-calico-b-'));
    try {
      fs.writeFileSync(path.join(before, 'workloads.yaml'), WORKLOADS);
      const d = runCli([
        'diff',
        before,
        dir,
        '--enforcer',
        'calico',
        '--format',
        'json',
      ]);
      expect(d.code).toBe(1);
      const removed = JSON.parse(d.out).removed.map(
        (c: { from: { name: string }; to: { name: string } }) =>
          `${c.from.name}>${c.to.name}`,
      );
      expect(removed).toEqual(['api>web']);
    } finally {
      fs.rmSync(before, { recursive: true, force: true });
    }
  });

  it('lint reports the Calico rules; a selector error is located with its column', () => {
    fs.writeFileSync(
      path.join(dir, 'calico.yaml'),
      CALICO.replace('  - action: Pass\n', '').replace(
        "team == 'red'",
        "team = 'red'",
      ),
    );
    const lint = runCli(['lint', dir, '--enforcer', 'calico']);
    expect(lint.out).toMatch(/calico\.yaml:15:\d+.*invalid selector.*column 6/);
    fs.writeFileSync(
      path.join(dir, 'calico.yaml'),
      CALICO.replace('  - action: Pass\n', ''),
    );
    const ok = runCli(['lint', dir]);
    expect(ok.out).toContain('calico-tier-default-deny');
  });
});
