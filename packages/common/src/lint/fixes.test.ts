import { lint } from './lint';
import { ruleMeta } from './catalogue';
import { applyEdits, decode } from './__testutils__/decode';
import { cnp } from './rules/examples';

/** Applying a finding's fix yields valid YAML on which the rule no longer fires. */
function fixOnce(text: string, ruleId: string, opts = {}) {
  const before = lint(decode(text), opts).filter(f => f.ruleId === ruleId);
  expect(before.length).toBeGreaterThan(0);
  const fix = before.find(f => f.fix)?.fix;
  expect(fix).toBeDefined();
  const fixed = applyEdits(text, fix!.edits);
  const decoded = decode(fixed);
  expect(decoded.problems.filter(p => p.severity === 'error')).toEqual([]);
  const after = lint(decoded, opts).filter(f => f.ruleId === ruleId);
  return { fixed, before, after };
}

describe('quick fixes', () => {
  it.each([
    'cilium-auth-cross-cluster',
    'egress-default-deny-without-dns',
    'cilium-fqdn-without-dns-proxy',
    'cluster-peer-matches-all-clusters',
    'cilium-deny-only-default-deny',
    'np-egress-deny-without-policy-types',
    'cilium-to-services-kubernetes',
  ])('%s: the fix removes the finding', id => {
    const meta = ruleMeta(id)!;
    const { after, before } = fixOnce(meta.badExample, id);
    expect(after.length).toBeLessThan(before.length);
  });

  it('A01 rewrites exactly the mode value', () => {
    const { fixed } = fixOnce(
      ruleMeta('cilium-auth-cross-cluster')!.badExample,
      'cilium-auth-cross-cluster',
    );
    expect(fixed).toContain('mode: disabled');
    expect(fixed).not.toContain('mode: required');
  });

  it('K01 on a Cilium policy inserts a DNS proxy rule before the first egress rule', () => {
    const text = cnp(`
endpointSelector:
  matchLabels:
    app: web
egress:
  - toEndpoints:
      - matchLabels:
          app: api
`);
    const { fixed, after } = fixOnce(text, 'egress-default-deny-without-dns');
    expect(after).toEqual([]);
    const spec = (decode(fixed).resources[0].object as any).spec;
    expect(spec.egress).toHaveLength(2);
    expect(spec.egress[0].toPorts[0].rules.dns[0].matchPattern).toBe('*');
    expect(spec.egress[1].toEndpoints[0].matchLabels.app).toBe('api');
  });

  it('M02 pins the peer to the local cluster in flow-style selectors too', () => {
    const text = `${ruleMeta('cluster-peer-matches-all-clusters')!.badExample.split('---')[0]}---\n${cnp(`
endpointSelector: {matchLabels: {app: db}}
ingress:
  - fromEndpoints: [{matchLabels: {app: web}}]
`)}`;
    const { fixed, after } = fixOnce(text, 'cluster-peer-matches-all-clusters');
    expect(after).toEqual([]);
    expect(fixed).toContain('{io.cilium.k8s.policy.cluster: c1, app: web}');
  });
});
