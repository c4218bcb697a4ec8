/*
 * Istio posture (SEMANTICS §4, istio/api security protos) through the real parser, decoders
 * and overlay: the effective PeerAuthentication mode per workload and port, hand-checked from
 * the inheritance rules, and the AuthorizationPolicies that may still deny. `allowed` never
 * changes.
 */
import type { Overlay } from '../model';
import { buildOverlay } from '../overlay';
import { decodeText } from '../resources';
import { explainFlow } from './explainFlow';

const BASE = `
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Namespace
metadata: {name: legacy}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {serviceAccountName: web, containers: [{name: main}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {containers: [{name: main, ports: [{containerPort: 5432}, {containerPort: 9090}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: old, namespace: legacy, labels: {app: old}}
spec: {containers: [{name: main, ports: [{containerPort: 80}]}]}
`;

function overlay(extra: string): Overlay {
  const text = `${BASE}---\n${extra}`;
  const decoded = decodeText(text, 'file:///c1.yaml');
  expect(decoded.problems.filter(p => p.severity === 'error')).toEqual([]);
  return buildOverlay([{ name: 'c1', resources: decoded.resources }]);
}

const flow = (to: string, port: number, from = 'c1/shop/Pod/web') => ({
  from: { workload: from },
  to: { workload: to },
  protocol: 'TCP' as const,
  port,
});

const MESH_STRICT = `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec: {mtls: {mode: STRICT}}
`;

describe('istio posture: PeerAuthentication', () => {
  it('no Istio objects: no annotation', () => {
    const v = explainFlow(overlay('{}'), flow('c1/shop/Pod/db', 5432));
    expect(v.istio).toBeUndefined();
  });

  it('mesh-wide STRICT in the root namespace applies to every namespace', () => {
    const v = explainFlow(overlay(MESH_STRICT), flow('c1/shop/Pod/db', 5432));
    expect(v.allowed).toBe(true);
    expect(v.istio).toMatchObject({
      mtls: 'strict',
      mesh: 'sidecar',
      peerAuthentication: {
        id: 'c1/istio-system/PeerAuthentication/default',
        scope: 'mesh',
      },
    });
    expect(v.istio!.authorization).toBeUndefined();
  });

  it('namespace PERMISSIVE beats mesh STRICT; workload STRICT beats namespace; port level beats workload', () => {
    const o = overlay(`${MESH_STRICT}---
apiVersion: security.istio.io/v1beta1
kind: PeerAuthentication
metadata: {name: default, namespace: shop}
spec: {mtls: {mode: PERMISSIVE}}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: db, namespace: shop}
spec:
  selector: {matchLabels: {app: db}}
  mtls: {mode: STRICT}
  portLevelMtls:
    9090: {mode: DISABLE}
`);
    expect(
      explainFlow(o, flow('c1/shop/Pod/web', 8080, 'c1/shop/Pod/db')).istio,
    ).toMatchObject({
      mtls: 'permissive',
      peerAuthentication: {
        name: 'default',
        namespace: 'shop',
        scope: 'namespace',
      },
    });
    expect(explainFlow(o, flow('c1/shop/Pod/db', 5432)).istio).toMatchObject({
      mtls: 'strict',
      peerAuthentication: { name: 'db', scope: 'workload' },
    });
    const metrics = explainFlow(o, flow('c1/shop/Pod/db', 9090)).istio!;
    expect(metrics.mtls).toBe('disabled');
    expect(metrics.peerAuthentication).toMatchObject({
      name: 'db',
      portLevel: true,
    });
  });

  it('UNSET inherits: workload UNSET with a port override falls back to the namespace, then the mesh', () => {
    const o = overlay(`${MESH_STRICT}---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: db, namespace: shop}
spec:
  selector: {matchLabels: {app: db}}
  mtls: {mode: UNSET}
  portLevelMtls:
    9090: {mode: PERMISSIVE}
`);
    const main = explainFlow(o, flow('c1/shop/Pod/db', 5432)).istio!;
    expect(main.mtls).toBe('strict');
    expect(main.peerAuthentication).toMatchObject({ scope: 'mesh' });
    expect(main.notes.join('\n')).toContain('UNSET');
    expect(explainFlow(o, flow('c1/shop/Pod/db', 9090)).istio!.mtls).toBe(
      'permissive',
    );
  });

  it('nothing sets a mode: PERMISSIVE (Istio default)', () => {
    const o = overlay(`
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: shop}
spec: {}
`);
    const p = explainFlow(o, flow('c1/shop/Pod/db', 5432)).istio!;
    expect(p.mtls).toBe('permissive');
    expect(p.peerAuthentication).toBeUndefined();
  });

  it('a selector-bearing PeerAuthentication in the root namespace is ignored', () => {
    const o = overlay(`
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: db-strict, namespace: istio-system}
spec:
  selector: {matchLabels: {app: db}}
  mtls: {mode: STRICT}
`);
    const p = explainFlow(o, flow('c1/shop/Pod/db', 5432)).istio!;
    expect(p.mtls).toBe('permissive');
    expect(p.notes.join('\n')).toContain('Istio ignores it');
  });

  it('two workload policies: the oldest wins', () => {
    const o = overlay(`
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: b-new, namespace: shop, creationTimestamp: "2026-02-01T00:00:00Z"}
spec: {selector: {matchLabels: {app: db}}, mtls: {mode: DISABLE}}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: z-old, namespace: shop, creationTimestamp: "2025-01-01T00:00:00Z"}
spec: {selector: {matchLabels: {app: db}}, mtls: {mode: STRICT}}
`);
    const p = explainFlow(o, flow('c1/shop/Pod/db', 5432)).istio!;
    expect(p.mtls).toBe('strict');
    expect(p.peerAuthentication!.name).toBe('z-old');
  });

  it('a destination outside the mesh (namespace read, no injection label): none; a plaintext source to STRICT is noted', () => {
    const o = overlay(MESH_STRICT);
    const legacy = explainFlow(o, flow('c1/legacy/Pod/old', 80)).istio!;
    expect(legacy).toMatchObject({ mtls: 'none', mesh: 'none' });
    expect(legacy.peerAuthentication).toBeUndefined();
    const fromLegacy = explainFlow(
      o,
      flow('c1/shop/Pod/db', 5432, 'c1/legacy/Pod/old'),
    ).istio!;
    expect(fromLegacy.mtls).toBe('strict');
    expect(fromLegacy.notes.join('\n')).toContain(
      'STRICT rejects its plaintext',
    );
  });
});

describe('istio posture: AuthorizationPolicy', () => {
  it('ALLOW / DENY / CUSTOM selecting the destination may deny; AUDIT and other workloads do not; allowed is unchanged', () => {
    const o = overlay(`
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: db-allow, namespace: shop}
spec:
  selector: {matchLabels: {app: db}}
  rules:
    - from:
        - source: {principals: [cluster.local/ns/shop/sa/web]}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: audit-all, namespace: istio-system}
spec:
  action: AUDIT
  rules: [{}]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: web-deny, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  action: DENY
  rules: [{to: [{operation: {methods: [POST]}}]}]
`);
    const db = explainFlow(o, flow('c1/shop/Pod/db', 5432));
    expect(db.allowed).toBe(true);
    expect(db.istio!.authorization).toBe('may-deny');
    expect(
      db.istio!.authorizationPolicies!.map(p => [p.name, p.action]),
    ).toEqual([
      ['db-allow', 'ALLOW'],
      ['audit-all', 'AUDIT'],
    ]);
    // only AUDIT selects the legacy workload (mesh-wide, root namespace); and it has no proxy
    const old = explainFlow(o, flow('c1/legacy/Pod/old', 80)).istio!;
    expect(old.authorization).toBeUndefined();
    const web = explainFlow(
      o,
      flow('c1/shop/Pod/web', 8080, 'c1/shop/Pod/db'),
    ).istio!;
    expect(web.authorization).toBe('may-deny');
    expect(web.authorizationPolicies!.map(p => p.name)).toEqual([
      'audit-all',
      'web-deny',
    ]);
  });

  it('an ALLOW with an empty rule allows everything; allow-nothing (no rules) may deny; dry-run is listed only', () => {
    const allowAll = overlay(`
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: allow-all, namespace: shop}
spec: {rules: [{}]}
`);
    expect(
      explainFlow(allowAll, flow('c1/shop/Pod/db', 5432)).istio!.authorization,
    ).toBeUndefined();
    const nothing = overlay(`
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: allow-nothing, namespace: shop}
spec: {}
`);
    expect(
      explainFlow(nothing, flow('c1/shop/Pod/db', 5432)).istio!.authorization,
    ).toBe('may-deny');
    const dry = overlay(`
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: try, namespace: shop, annotations: {istio.io/dry-run: "true"}}
spec: {action: DENY, rules: [{}]}
`);
    const p = explainFlow(dry, flow('c1/shop/Pod/db', 5432)).istio!;
    expect(p.authorization).toBeUndefined();
    expect(p.authorizationPolicies![0]).toMatchObject({
      name: 'try',
      dryRun: true,
    });
  });

  it('a policy in another (non-root) namespace does not select', () => {
    const o = overlay(`
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: deny, namespace: legacy}
spec: {action: DENY, rules: [{}]}
`);
    const p = explainFlow(o, flow('c1/shop/Pod/db', 5432)).istio!;
    expect(p.authorization).toBeUndefined();
    expect(p.authorizationPolicies).toBeUndefined();
  });
});
