import { buildOverlay, decodeText, type Policy } from '@ytknetwork/common';
import type { RequestContext } from './context';
import { explainForCaller } from './flows';

/* The layered verdict (AdminNetworkPolicy Pass → NetworkPolicy) as a caller who may not read the policies sees it. */
const TEXT = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: a}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: main}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {containers: [{name: main}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: tenant-isolation}
spec:
  priority: 20
  subject: {namespaces: {}}
  ingress:
  - {name: pass-same-tenant, action: Pass, from: [{namespaces: {matchLabels: {team: a}}}]}
`;

function ctx(canRead: (p: Policy) => boolean): RequestContext {
  const overlay = buildOverlay([
    { name: 'c1', resources: decodeText(TEXT, 'c1.yaml').resources },
  ]);
  return {
    overlay,
    canReadPolicy: canRead,
    canReadObject: () => false,
    owners: new Map(),
  } as unknown as RequestContext;
}

describe('explainForCaller with AdminNetworkPolicy', () => {
  const q = { from: 'shop/web', to: 'shop/db', port: '80' };

  it('shows the deciding layer, the rule and the Pass rule to a reader', () => {
    const { verdict } = explainForCaller(
      ctx(() => true),
      q,
    );
    expect(verdict.ingress).toMatchObject({
      layer: 'NetworkPolicy',
      rules: [{ policyName: 'db-from-web' }],
      passedBy: [
        {
          policyName: 'tenant-isolation',
          ruleName: 'pass-same-tenant',
          priority: 20,
        },
      ],
    });
  });

  it('redacts the Pass rule and rule names like the deciding rules, and the reason names no policy', () => {
    const { verdict } = explainForCaller(
      ctx(() => false),
      q,
    );
    const pass = verdict.ingress.passedBy![0];
    expect(pass.policyName).toBe('policy of another team');
    expect(pass.policyId).toBe('');
    expect(pass.location).toBeUndefined();
    expect(pass.ruleName).toBeUndefined();
    expect(verdict.ingress.rules[0].policyName).toBe('policy of another team');
    const text = JSON.stringify({
      reasons: verdict.reasons,
      reason: verdict.ingress.reason,
    });
    expect(text).not.toMatch(/tenant-isolation|db-from-web|pass-same-tenant/);
    expect(verdict.ingress.layer).toBe('NetworkPolicy');
  });
});
