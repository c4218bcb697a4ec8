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

  it('connectivity annotates each connection with the destination posture (text, md, JSON)', () => {
    const text = runCli(['connectivity', dir]);
    expect(text.code).toBe(0);
    // db: the workload policy's STRICT; web: the mesh-wide PERMISSIVE, and no ports declared.
    expect(text.out).toContain(
      'default/shop/Pod/web -> default/shop/Pod/db  all [mTLS strict; AuthorizationPolicy may deny]',
    );
    expect(text.out).toContain(
      'default/shop/Pod/db -> default/shop/Pod/web  all [mTLS permissive]',
    );
    const md = runCli(['connectivity', dir, '--format', 'md']);
    expect(md.out).toContain('| mTLS strict; AuthorizationPolicy may deny |');
    const json = JSON.parse(
      runCli(['connectivity', dir, '--format', 'json']).out,
    );
    const toDb = json.connections.find((c: any) => c.to.name === 'db');
    expect(toDb.istio).toEqual({
      mtls: 'strict',
      ports: [{ port: 5432, mtls: 'strict' }],
      authorization: 'may-deny',
    });
  });

  it('connectivity leaves connections without Istio objects unannotated', () => {
    fs.writeFileSync(
      path.join(dir, 'all.yaml'),
      INPUT.split('\n---\napiVersion: security.istio.io')[0],
    );
    const json = JSON.parse(
      runCli(['connectivity', dir, '--format', 'json']).out,
    );
    expect(json.connections.length).toBeGreaterThan(0);
    expect(json.connections.filter((c: any) => c.istio)).toEqual([]);
  });

  it('diff reports a PeerAuthentication change as a changed connection', () => {
    const after = fs.mkdtempSync(path.join(os.tmpdir(), 'ytk-istio-after-'));
    try {
      fs.writeFileSync(
        path.join(after, 'all.yaml'),
        INPUT.replace(
          'selector: {matchLabels: {app: db}}\n  mtls: {mode: STRICT}',
          'selector: {matchLabels: {app: db}}\n  mtls: {mode: PERMISSIVE}',
        ),
      );
      const r = runCli(['diff', dir, after]);
      expect(r.code).toBe(1);
      expect(r.out).toBe(
        [
          '~ default/shop/Pod/web -> default/shop/Pod/db  all => all (mTLS strict; AuthorizationPolicy may deny => mTLS permissive; AuthorizationPolicy may deny)',
          // No policy isolates db: the world reaches it too, now on a port that takes plaintext.
          '~ world -> default/shop/Pod/db  all => all (mTLS strict; AuthorizationPolicy may deny => mTLS permissive; AuthorizationPolicy may deny)',
          '',
        ].join('\n'),
      );
      const json = JSON.parse(
        runCli(['diff', dir, after, '--format', 'json']).out,
      );
      expect(
        json.changed.map((c: any) => [c.before.istio.mtls, c.after.istio.mtls]),
      ).toEqual([
        ['strict', 'permissive'],
        ['strict', 'permissive'],
      ]);
    } finally {
      fs.rmSync(after, { recursive: true, force: true });
    }
  });
});
