import { buildOverlay, decodeText, type Policy } from '@ytknetwork/common';
import type { RequestContext } from './context';
import { explainForCaller } from './flows';

/* A calico verdict (Calico Pass → Kubernetes NetworkPolicy in the default tier) as a caller who may not read the policies sees it. */
const TEXT = `apiVersion: v1
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
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: security}
spec: {order: 100}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: security.pass-all}
spec:
  tier: security
  selector: all()
  ingress: [{action: Pass}]
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

describe('explainForCaller with the calico enforcer', () => {
  const q = { from: 'shop/web', to: 'shop/db', port: '80' };

  it('shows tier, Calico names and the Pass rule to a reader', () => {
    const { verdict } = explainForCaller(
      ctx(() => true),
      q,
    );
    expect(verdict.ingress).toMatchObject({
      enforcer: 'calico',
      layer: 'CalicoTier',
      tier: 'default',
      rules: [
        { policyName: 'db-from-web', calicoName: 'knp.default.db-from-web' },
      ],
      passedBy: [{ policyName: 'security.pass-all', tier: 'security' }],
    });
  });

  it('redacts names (calicoName included) and locations; the reason names no policy', () => {
    const { verdict } = explainForCaller(
      ctx(() => false),
      q,
    );
    const rule = verdict.ingress.rules[0];
    const pass = verdict.ingress.passedBy![0];
    expect(
      [rule, pass].map(r => [r.policyName, r.policyId, r.location]),
    ).toEqual([
      ['policy of another team', '', undefined],
      ['policy of another team', '', undefined],
    ]);
    expect(rule.calicoName).toBeUndefined();
    expect(JSON.stringify(verdict)).not.toMatch(/db-from-web|pass-all/);
    expect(verdict.ingress).toMatchObject({
      layer: 'CalicoTier',
      tier: 'default',
    });
  });
});
