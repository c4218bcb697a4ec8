import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import {
  buildOverlay,
  decodeText,
  explainFlow,
  type Verdict,
} from '@ytknetwork/common';
import { ExplanationView } from './ExplanationView';

// A calico cluster (docs/calico.md), verdicts from the real engine on real YAML.
const YAML = `
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
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: security}
spec: {order: 100}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: security.pass-web}
spec:
  tier: security
  order: 10
  selector: app == 'db'
  ingress:
  - action: Pass
    source: {selector: app == 'web'}
`;

function verdict(from: string, to: string): Verdict {
  const decoded = decodeText(YAML, 'cluster.yaml');
  expect(decoded.problems.filter(p => p.severity === 'error')).toEqual([]);
  const overlay = buildOverlay([{ name: 'c1', resources: decoded.resources }]);
  return explainFlow(overlay, {
    from: { workload: `c1/${from}` },
    to: { workload: `c1/${to}` },
    port: 8080,
    protocol: 'TCP',
  });
}

describe('ExplanationView under the calico enforcer', () => {
  it('names the deciding tier, the Kubernetes policy as Calico names it, and the Pass rule', async () => {
    await renderInTestApp(
      <ExplanationView verdict={verdict('shop/Pod/web', 'shop/Pod/db')} />,
    );
    expect(
      screen.getByTestId('ytk-explanation-ingress-layer'),
    ).toHaveTextContent('Decided by: Calico tier default');
    expect(
      screen.getByText(
        'NetworkPolicy c1/shop/db-from-web (knp.default.db-from-web) ingress[0] (allow, tier default, order 1000)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByTestId('ytk-explanation-ingress-passed-by'),
    ).toHaveTextContent(
      'GlobalNetworkPolicy c1/security.pass-web ingress[0] (pass, tier security, order 10)',
    );
    expect(
      screen.getByTestId('ytk-explanation-egress-layer'),
    ).toHaveTextContent(
      "Decided by: no Calico tier (the endpoint's profile allows)",
    );
  });

  it('says when the end of a tier dropped the flow', async () => {
    await renderInTestApp(
      <ExplanationView verdict={verdict('shop/Pod/db', 'shop/Pod/db')} />,
    );
    expect(screen.getByText('Dropped')).toBeInTheDocument();
    expect(
      screen.getByTestId('ytk-explanation-ingress-layer'),
    ).toHaveTextContent(
      'Decided by: the end of Calico tier security (defaultAction Deny)',
    );
    expect(
      screen.getByText(
        "GlobalNetworkPolicy c1/security.pass-web: end of tier security (deny, the tier's defaultAction)",
      ),
    ).toBeInTheDocument();
  });
});
