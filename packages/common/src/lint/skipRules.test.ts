import { decodeText } from '../resources';
import { lint } from './lint';

const doc = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: db}}
  ingress:
  - fromEndpoints: []
`;

describe('lint skipRules', () => {
  it('leaves out exactly the named rules', () => {
    const input = decodeText(doc, 'db.yaml');
    const all = lint(input).map(f => f.ruleId);
    expect(all).toContain('cilium-empty-peer-list');
    const skipped = lint(input, { skipRules: ['cilium-empty-peer-list'] }).map(
      f => f.ruleId,
    );
    expect(skipped).not.toContain('cilium-empty-peer-list');
    expect(skipped).toEqual(all.filter(id => id !== 'cilium-empty-peer-list'));
  });
});
