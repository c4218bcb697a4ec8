import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../testUtils';

/* Istio posture on explain, text and JSON (docs/istio.md). */

const INPUT = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: main}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {containers: [{name: main, ports: [{containerPort: 5432}]}]}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec: {mtls: {mode: PERMISSIVE}}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: db, namespace: shop}
spec:
  selector: {matchLabels: {app: db}}
  mtls: {mode: STRICT}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: db-from-web, namespace: shop}
spec:
  selector: {matchLabels: {app: db}}
  rules:
  - from: [{source: {principals: [cluster.local/ns/shop/sa/default]}}]
`;

describe('Istio posture in the CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ytk-istio-'));
    fs.writeFileSync(path.join(dir, 'all.yaml'), INPUT);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const args = ['--from', 'web', '--to', 'db', '--port', '5432/TCP'];

  it('explain text shows the mTLS mode, its PeerAuthentication and the AuthorizationPolicies', () => {
    const r = runCli(['explain', dir, ...args]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /istio {3}mTLS strict by PeerAuthentication shop\/db \(workload\) \(.*all\.yaml:20\); mesh sidecar; an AuthorizationPolicy may still deny/,
    );
    expect(r.out).toMatch(
      /ALLOW AuthorizationPolicy shop\/db-from-web \(.*all\.yaml:27\)/,
    );
    expect(r.out).toMatch(/: ALLOWED/);
  });

  it('explain JSON carries the additive istio field', () => {
    const r = runCli(['explain', dir, ...args, '--format', 'json']);
    expect(r.code).toBe(0);
    const v = JSON.parse(r.out);
    expect(v.allowed).toBe(true);
    expect(v.istio).toMatchObject({
      mtls: 'strict',
      mesh: 'sidecar',
      authorization: 'may-deny',
      peerAuthentication: { name: 'db', namespace: 'shop', scope: 'workload' },
      authorizationPolicies: [{ name: 'db-from-web', action: 'ALLOW' }],
    });
  });
});
