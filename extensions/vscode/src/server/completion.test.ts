import path from 'node:path';
import { completionsAt } from './completion';
import { WorkspaceIndex } from './workspace';

const index = new WorkspaceIndex();
index.scan([path.resolve(__dirname, '../../../../examples/overlay')]);
const overlay = index.overlay();

const at = (text: string) => {
  const lines = text.split('\n');
  const line = lines.length - 1;
  return completionsAt(lines, line, lines[line].length, overlay).map(
    c => c.label,
  );
};

describe('completions', () => {
  it('offers policy kinds after kind:', () => {
    expect(at('apiVersion: cilium.io/v2\nkind: ')).toEqual([
      'CiliumNetworkPolicy',
      'CiliumClusterwideNetworkPolicy',
      'NetworkPolicy',
      'AdminNetworkPolicy',
      'BaselineAdminNetworkPolicy',
      'PeerAuthentication',
      'AuthorizationPolicy',
      'NetworkPolicy',
      'GlobalNetworkPolicy',
      'Tier',
    ]);
  });

  it('offers the spec fields of Calico kinds (a projectcalico.org/v3 NetworkPolicy is not the Kubernetes one)', () => {
    expect(
      at(
        'apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata:\n  name: p\nspec:\n  ',
      ),
    ).toEqual([
      'tier',
      'order',
      'selector',
      'serviceAccountSelector',
      'types',
      'ingress',
      'egress',
    ]);
    expect(
      at('kind: Tier\napiVersion: projectcalico.org/v3\nspec:\n  '),
    ).toEqual(['order', 'defaultAction']);
    expect(
      at('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nspec:\n  '),
    ).toContain('podSelector');
  });

  it('offers the spec fields of AdminNetworkPolicy and Istio kinds', () => {
    expect(
      at(
        'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nspec:\n  ',
      ),
    ).toEqual(['priority', 'subject', 'ingress', 'egress']);
    expect(
      at('kind: PeerAuthentication\nmetadata:\n  name: default\nspec:\n  '),
    ).toEqual(['selector', 'mtls', 'portLevelMtls']);
    // The kind of the document holding the cursor, not of an earlier one.
    expect(
      at('kind: PeerAuthentication\n---\nkind: CiliumNetworkPolicy\nspec:\n  '),
    ).toContain('endpointSelector');
  });

  it('offers the fields of the enclosing key', () => {
    expect(at('spec:\n  ingress:\n    - ')).toContain('fromEndpoints');
    expect(at('spec:\n  ')).toEqual(
      expect.arrayContaining(['endpointSelector', 'ingress', 'egress']),
    );
  });

  it('offers label keys and values seen in the workspace', () => {
    const keys = at('spec:\n  endpointSelector:\n    matchLabels:\n      ');
    expect(keys).toEqual(
      expect.arrayContaining([
        'app.kubernetes.io/name',
        'io.cilium.k8s.policy.cluster',
      ]),
    );
    const values = at(
      'spec:\n  endpointSelector:\n    matchLabels:\n      app.kubernetes.io/name: ',
    );
    expect(values).toEqual(expect.arrayContaining(['checkout-api', 'ledger']));
    expect(
      at(
        'spec:\n  endpointSelector:\n    matchLabels:\n      io.cilium.k8s.policy.cluster: ',
      ),
    ).toEqual(['eu-west', 'us-east']);
  });

  it('offers entities and protocols', () => {
    expect(at('spec:\n  egress:\n    - toEntities:\n        - ')).toContain(
      'kube-apiserver',
    );
    expect(at('        - port: "53"\n          protocol: ')).toContain('UDP');
  });
});
