import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import {
  buildOverlay,
  decodeText,
  explainFlow,
  type Verdict,
} from '@ytknetwork/common';
import { ExplanationView } from './ExplanationView';

// Verdicts from the real engine on real YAML, so the view shows what the backend sends.
const YAML = `
apiVersion: v1
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
spec: {containers: [{name: main}]}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: other, labels: {app: api}}
spec: {containers: [{name: main}]}
---
apiVersion: policy.networking.k8s.io/v1alpha1
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

describe('ExplanationView', () => {
  it('names the AdminNetworkPolicy layer, the rule, its name and priority', async () => {
    await renderInTestApp(
      <ExplanationView verdict={verdict('other/Pod/api', 'shop/Pod/db')} />,
    );
    expect(screen.getByText('Dropped')).toBeInTheDocument();
    expect(
      screen.getByTestId('ytk-explanation-ingress-layer'),
    ).toHaveTextContent('Decided by: AdminNetworkPolicy');
    expect(
      screen.getByText(
        'AdminNetworkPolicy c1/tenant-isolation ingress[1] "deny-other-tenants" (deny, priority 20)',
      ),
    ).toBeInTheDocument();
  });

  it('shows the deciding rule’s policy line (file:line, 1-based)', async () => {
    await renderInTestApp(
      <ExplanationView verdict={verdict('other/Pod/api', 'shop/Pod/db')} />,
    );
    const line =
      YAML.split('\n').findIndex(l => l.includes('name: deny-other-tenants')) +
      1;
    expect(
      screen
        .getByTestId('ytk-explanation-ingress')
        .querySelector('[data-testid="ytk-explanation-rule-line"]'),
    ).toHaveTextContent(`cluster.yaml:${line}`);
  });

  it('shows the Pass rule that handed a flow on to the layer below', async () => {
    await renderInTestApp(
      <ExplanationView verdict={verdict('shop/Pod/web', 'shop/Pod/db')} />,
    );
    expect(screen.getByText('Allowed')).toBeInTheDocument();
    expect(
      screen.getByTestId('ytk-explanation-ingress-layer'),
    ).toHaveTextContent('Decided by: no policy (default)');
    expect(
      screen.getByTestId('ytk-explanation-ingress-passed-by'),
    ).toHaveTextContent(
      'AdminNetworkPolicy c1/tenant-isolation ingress[0] "pass-same-tenant" (pass, priority 20)',
    );
  });

  it('shows no layer when the cluster has no admin policies', async () => {
    const decoded = decodeText(
      YAML.split('\n---\napiVersion: policy')[0],
      'cluster.yaml',
    );
    const overlay = buildOverlay([
      { name: 'c1', resources: decoded.resources },
    ]);
    await renderInTestApp(
      <ExplanationView
        verdict={explainFlow(overlay, {
          from: { workload: 'c1/other/Pod/api' },
          to: { workload: 'c1/shop/Pod/db' },
          port: 8080,
          protocol: 'TCP',
        })}
      />,
    );
    expect(screen.getByText('Allowed')).toBeInTheDocument();
    expect(
      screen.queryByTestId('ytk-explanation-ingress-layer'),
    ).not.toBeInTheDocument();
  });
});

// Istio's posture at the destination, from the real engine (docs/istio.md).
const istioYaml = (mode: string) => `
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: main}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db, security.istio.io/tlsMode: istio}}
spec: {containers: [{name: main}]}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: shop-mtls, namespace: shop}
spec: {mtls: {mode: ${mode}}}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: db-deny, namespace: shop}
spec:
  selector: {matchLabels: {app: db}}
  action: DENY
  rules: [{from: [{source: {notNamespaces: [shop]}}]}]
`;

function istioVerdict(mode: string, fromCluster: string): Verdict {
  const c = (name: string, text: string) => ({
    name,
    resources: decodeText(text, `${name}.yaml`).resources,
  });
  const overlay = buildOverlay([
    c('c1', istioYaml(mode)),
    c('c2', istioYaml(mode).replace(/db/g, 'other')),
  ]);
  return explainFlow(overlay, {
    from: { workload: `${fromCluster}/shop/Pod/web` },
    to: { workload: 'c1/shop/Pod/db' },
    port: 5432,
    protocol: 'TCP',
  });
}

describe('ExplanationView with Istio posture', () => {
  it('shows strict mTLS, the PeerAuthentication with its line, and the AuthorizationPolicy that may deny', async () => {
    const v = istioVerdict('STRICT', 'c1');
    expect(v.allowed).toBe(true);
    await renderInTestApp(<ExplanationView verdict={v} />);
    expect(screen.getByTestId('ytk-explanation-istio')).toHaveTextContent(
      'mTLS strict',
    );
    expect(screen.getByTestId('ytk-explanation-istio-mtls')).toHaveTextContent(
      'Set by PeerAuthentication c1/shop/shop-mtls (c1.yaml:16), namespace-wide.',
    );
    expect(
      screen.getByTestId('ytk-explanation-istio-authorization'),
    ).toHaveTextContent(
      'AuthorizationPolicy c1/shop/db-deny (c1.yaml:21): DENY',
    );
    expect(
      screen.queryByTestId('ytk-explanation-istio-plaintext'),
    ).not.toBeInTheDocument();
  });

  it('warns when a cross-cluster path accepts plaintext', async () => {
    const v = istioVerdict('PERMISSIVE', 'c2');
    expect([v.allowed, v.crossCluster]).toEqual([true, true]);
    await renderInTestApp(<ExplanationView verdict={v} />);
    expect(screen.getByTestId('ytk-explanation-istio')).toHaveTextContent(
      'mTLS permissive (plaintext also accepted)',
    );
    expect(
      screen.getByTestId('ytk-explanation-istio-plaintext'),
    ).toBeInTheDocument();
  });

  it('shows no Istio section when the cluster has no Istio objects', async () => {
    await renderInTestApp(
      <ExplanationView verdict={verdict('shop/Pod/web', 'shop/Pod/db')} />,
    );
    expect(
      screen.queryByTestId('ytk-explanation-istio'),
    ).not.toBeInTheDocument();
  });
});
