import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../testUtils';

/* AdminNetworkPolicy / BaselineAdminNetworkPolicy through every command (docs/admin-network-policy.md). */

const WORKLOADS = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: a}}
---
apiVersion: v1
kind: Namespace
metadata: {name: other, labels: {team: b}}
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
metadata: {name: api, namespace: other, labels: {app: api}}
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

const LAYERS = `apiVersion: policy.networking.k8s.io/v1alpha1
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
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {matchLabels: {team: b}}}
  ingress:
  - {action: Deny, from: [{namespaces: {}}]}
`;

describe('AdminNetworkPolicy / BaselineAdminNetworkPolicy in the CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ytk-anp-'));
    fs.writeFileSync(path.join(dir, 'workloads.yaml'), WORKLOADS);
    fs.writeFileSync(path.join(dir, 'guardrails.yaml'), LAYERS);
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

  it('explain names the deciding layer, the rule, its priority and line', () => {
    const r = runCli(['explain', dir, ...flow('web', 'db', '5432/TCP')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /ingress ALLOW \(allowed, cluster default, kubernetes, decided by NetworkPolicy\)/,
    );
    expect(r.out).toMatch(
      /pass by AdminNetworkPolicy tenant-isolation \(priority 20\) ingress\[0\] "pass-same-tenant" \(.*guardrails\.yaml:8\)/,
    );
    const denied = runCli(['explain', dir, ...flow('api', 'db', '5432/TCP')]);
    expect(denied.out).toMatch(
      /ingress DENY {2}\(denied, .*decided by AdminNetworkPolicy\)/,
    );
    expect(denied.out).toMatch(
      /deny by AdminNetworkPolicy tenant-isolation \(priority 20\) ingress\[1\] "deny-other-tenants"/,
    );
  });

  it('explain --format json carries layer, passedBy and priority', () => {
    const v = JSON.parse(
      runCli([
        'explain',
        dir,
        ...flow('web', 'db', '5432/TCP'),
        '--format',
        'json',
      ]).out,
    );
    expect(v.ingress.layer).toBe('NetworkPolicy');
    expect(v.ingress.passedBy[0]).toMatchObject({
      policyKind: 'AdminNetworkPolicy',
      priority: 20,
      ruleIndex: 0,
      action: 'pass',
    });
    const banp = JSON.parse(
      runCli([
        'explain',
        dir,
        ...flow('web', 'api', '80/TCP'),
        '--format',
        'json',
      ]).out,
    );
    expect(banp.ingress).toMatchObject({
      layer: 'BaselineAdminNetworkPolicy',
      outcome: 'denied',
    });
  });

  it('connectivity follows the layers; diff shows what the guardrails change', () => {
    const conn = JSON.parse(
      runCli(['connectivity', dir, '--format', 'json']).out,
    );
    const pairs = (conn.connections as Array<{ from: any; to: any }>).map(
      c => `${c.from.name ?? c.from.cidr ?? c.from.entity}>${c.to.name ?? ''}`,
    );
    expect(pairs).toContain('web>db');
    expect(pairs).not.toContain('api>db');
    expect(pairs).not.toContain('web>api');
    const before = fs.mkdtempSync(path.join(os.tmpdir(), 'ytk-anp-before-'));
    try {
      fs.writeFileSync(path.join(before, 'workloads.yaml'), WORKLOADS);
      const d = runCli(['diff', before, dir, '--format', 'json']);
      expect(d.code).toBe(1);
      const removed = JSON.parse(d.out).removed.map(
        (c: { from: { name: string }; to: { name: string } }) =>
          `${c.from.name}>${c.to.name}`,
      );
      expect(removed).toEqual(expect.arrayContaining(['web>api', 'db>api']));
    } finally {
      fs.rmSync(before, { recursive: true, force: true });
    }
  });

  it('--enforcer cilium: the guardrails are reported as not enforced, never dropped silently', () => {
    const r = runCli([
      'connectivity',
      dir,
      '--enforcer',
      'cilium',
      '--format',
      'json',
    ]);
    expect(r.err).toMatch(
      /guardrails\.yaml:1:1: warning: policy AdminNetworkPolicy tenant-isolation ignored \(not enforced by the cilium enforcer/,
    );
    expect(
      JSON.parse(r.out).ignoredPolicies.map((p: { kind: string }) => p.kind),
    ).toEqual(['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy']);
    const lint = runCli(['lint', dir, '--enforcer', 'cilium']);
    expect(lint.out).toContain('anp-not-enforced-by-cilium');
  });

  it('a malformed AdminNetworkPolicy is a located input error and is left out', () => {
    fs.writeFileSync(
      path.join(dir, 'guardrails.yaml'),
      LAYERS.replace('priority: 20', 'priority: 2000'),
    );
    const r = runCli(['explain', dir, ...flow('api', 'db', '5432/TCP')]);
    expect(r.err).toMatch(
      /guardrails\.yaml:5:13: error.*spec\.priority: 2000 is out of range 0–1000/,
    );
    // explain carries it as a caveat of the verdict.
    expect(r.out).toMatch(/policy AdminNetworkPolicy tenant-isolation ignored/);
    // Left out: the NetworkPolicy alone decides (api is not web: default deny).
    expect(r.out).toMatch(/ingress DENY {2}\(default-deny/);
  });
});
