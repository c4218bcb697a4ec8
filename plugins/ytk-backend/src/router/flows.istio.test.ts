import { buildOverlay, decodeText } from '@ytknetwork/common';
import type { YtkPolicyResource } from '../permissions';
import type { RequestContext } from './context';
import { explainForCaller } from './flows';

/* The Istio posture of a flow as a caller who may or may not read the destination's objects sees it. */
const TEXT = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web, security.istio.io/tlsMode: istio}}
spec: {containers: [{name: main}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db, security.istio.io/tlsMode: istio}}
spec: {containers: [{name: main}]}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: shop-strict, namespace: shop}
spec: {mtls: {mode: STRICT}}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: db-callers, namespace: shop}
spec:
  selector: {matchLabels: {app: db}}
  action: DENY
  rules: [{from: [{source: {notNamespaces: [shop]}}]}]
`;

function ctx(canRead: (r: YtkPolicyResource) => boolean): {
  ctx: RequestContext;
  asked: YtkPolicyResource[];
} {
  const overlay = buildOverlay([
    { name: 'c1', resources: decodeText(TEXT, 'c1.yaml').resources },
  ]);
  const asked: YtkPolicyResource[] = [];
  const db = overlay.clusters[0].workloads.find(w => w.name === 'db')!;
  return {
    asked,
    ctx: {
      overlay,
      canReadPolicy: () => true,
      canReadObject: (r: YtkPolicyResource) => {
        asked.push(r);
        return canRead(r);
      },
      owners: new Map([[db.ref, { team: 'data' }]]),
    } as unknown as RequestContext,
  };
}

describe('explainForCaller with Istio posture', () => {
  const q = { from: 'shop/web', to: 'shop/db', port: '5432' };

  it('names the PeerAuthentication and AuthorizationPolicy to a reader', () => {
    const { ctx: c, asked } = ctx(() => true);
    const { verdict } = explainForCaller(c, q);
    expect(verdict.istio).toMatchObject({
      mtls: 'strict',
      mesh: 'sidecar',
      peerAuthentication: { name: 'shop-strict', scope: 'namespace' },
      authorization: 'may-deny',
      authorizationPolicies: [{ name: 'db-callers', action: 'DENY' }],
    });
    expect(verdict.istio?.peerAuthentication?.location?.uri).toBe('c1.yaml');
    // The decision is asked with the destination's team, as for the policies that select it.
    expect(asked.map(r => [r.namespace, r.teams])).toEqual([
      ['shop', ['data']],
      ['shop', ['data']],
    ]);
  });

  it('keeps mode, scope and action but not names or lines for another team', () => {
    const { verdict } = explainForCaller(ctx(() => false).ctx, q);
    expect(verdict.istio).toMatchObject({
      mtls: 'strict',
      peerAuthentication: {
        id: '',
        name: 'policy of another team',
        scope: 'namespace',
      },
      authorizationPolicies: [
        { id: '', name: 'policy of another team', action: 'DENY' },
      ],
    });
    expect(verdict.istio?.peerAuthentication?.location).toBeUndefined();
    expect(JSON.stringify(verdict.istio)).not.toMatch(/shop-strict|db-callers/);
  });
});
