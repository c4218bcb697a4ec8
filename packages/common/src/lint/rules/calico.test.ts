import { buildOverlay } from '../../overlay';
import { decode } from '../__testutils__/decode';
import { lint } from '../lint';
import { calico } from './examples';

/** `ruleId: the source line it points at` for the Calico findings. */
const ids = (text: string, overlay?: ReturnType<typeof buildOverlay>) =>
  lint(decode(text), overlay ? { overlay } : {})
    .filter(f => f.ruleId.startsWith('calico-'))
    .map(f => `${f.ruleId}: ${text.split('\n')[f.range.start.line].trim()}`);

const tier = (name: string, extra = '') =>
  `apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: ${name}}\nspec: {order: 100${extra}}\n---\n`;

describe('Calico lint rules (SEMANTICS §7.5)', () => {
  const denyDev = calico(
    "tier: security\nselector: all()\ningress:\n  - action: Deny\n    source:\n      namespaceSelector: team == 'dev'",
    'GlobalNetworkPolicy',
    'no-dev',
  );

  it('P01: reported for a Deny tier, not for a Pass tier nor the default tier', () => {
    expect(ids(tier('security') + denyDev)).toEqual([
      'calico-tier-default-deny: ingress:',
    ]);
    expect(ids(tier('security', ', defaultAction: Pass') + denyDev)).toEqual(
      [],
    );
    expect(
      ids(
        calico(
          'selector: all()\ningress:\n  - action: Deny',
          'GlobalNetworkPolicy',
        ),
      ),
    ).toEqual([]);
  });

  it('P01: reads the tier from the overlay with --context; an unknown tier is taken as Deny', () => {
    const overlay = buildOverlay([
      {
        name: 'c1',
        resources: decode(tier('security', ', defaultAction: Pass')).resources,
      },
    ]);
    expect(ids(denyDev, overlay)).toEqual([]);
    expect(ids(denyDev)).toEqual(['calico-tier-default-deny: ingress:']);
  });

  it('P01: a policy of the tier without rules for a direction it applies to', () => {
    expect(
      ids(
        tier('security') +
          calico('tier: security\nselector: all()\ntypes: [Egress]'),
      ),
    ).toEqual(['calico-tier-default-deny: tier: security']);
  });

  it('P02: every selector of the policy, with the path of the one at fault', () => {
    expect(
      ids(
        calico(
          "selector: env != 'prod'\ningress:\n  - action: Allow\n    source:\n      namespaceSelector: team not in {'x'}",
        ),
      ),
    ).toEqual([
      "calico-selector-absent-label: selector: env != 'prod'",
      "calico-selector-absent-label: namespaceSelector: team not in {'x'}",
    ]);
  });

  it('P03: only in GlobalNetworkPolicy Allow rules with no positive peer field', () => {
    const rule = (kind: 'NetworkPolicy' | 'GlobalNetworkPolicy', extra = '') =>
      calico(
        `selector: all()\negress:\n  - action: Allow\n    destination:\n      notSelector: app == 'web'${extra}`,
        kind,
      );
    const p03 = (t: string) =>
      ids(t).filter(x => x.startsWith('calico-not-selector'));
    expect(p03(rule('GlobalNetworkPolicy'))).toEqual([
      "calico-not-selector-non-calico: notSelector: app == 'web'",
    ]);
    expect(p03(rule('NetworkPolicy'))).toEqual([]);
    expect(
      p03(rule('GlobalNetworkPolicy', '\n      nets: [10.0.0.0/8]')),
    ).toEqual([]);
  });

  it('P05: same tier, same order, overlapping scope and direction', () => {
    const p = (name: string, ns: string, order: number, dir = 'ingress') =>
      calico(`order: ${order}\nselector: all()\n${dir}:\n  - action: Deny`)
        .replace('name: example', `name: ${name}`)
        .replace('namespace: shop', `namespace: ${ns}`);
    const p05 = (t: string) =>
      ids(t).filter(x => x.startsWith('calico-equal-order'));
    expect(p05(`${p('a', 'shop', 1)}---\n${p('b', 'shop', 1)}`)).toEqual([
      'calico-equal-order: order: 1',
      'calico-equal-order: order: 1',
    ]);
    expect(p05(`${p('a', 'shop', 1)}---\n${p('b', 'other', 1)}`)).toEqual([]);
    expect(p05(`${p('a', 'shop', 1)}---\n${p('b', 'shop', 2)}`)).toEqual([]);
    expect(
      p05(`${p('a', 'shop', 1)}---\n${p('b', 'shop', 1, 'egress')}`),
    ).toEqual([]);
  });

  it('P06: egress rules only, no types', () => {
    expect(ids(calico('selector: all()\negress:\n  - action: Allow'))).toEqual([
      'calico-egress-only-types: egress:',
    ]);
    expect(
      ids(
        calico('selector: all()\ntypes: [Egress]\negress:\n  - action: Allow'),
      ),
    ).toEqual([]);
  });

  it("P04 is the decoder's: ports without protocol TCP/UDP is a schema error", () => {
    const fs = lint(
      decode(
        calico(
          'selector: all()\ningress:\n  - action: Allow\n    destination:\n      ports: [80]',
        ),
      ),
    );
    expect(
      fs.filter(f => f.ruleId.startsWith('schema/')).map(f => f.severity),
    ).toContain('error');
  });

  it('--enforcer calico: Cilium-only rules stay silent and ANPs are not called unenforced by Cilium', () => {
    const input = decode(
      `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: guard}
spec:
  priority: 10
  subject: {namespaces: {}}
  ingress: [{action: Deny, from: [{namespaces: {}}]}]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: c, namespace: shop}
spec:
  endpointSelector: {}
  ingress: [{}]
`,
    );
    const all = lint(input).map(f => f.ruleId);
    const calicoOnly = lint(input, { enforcer: 'calico' }).map(f => f.ruleId);
    expect(all.some(id => id.startsWith('cilium-'))).toBe(true);
    expect(calicoOnly.filter(id => id.startsWith('cilium-'))).toEqual([]);
    expect(calicoOnly).not.toContain('anp-not-enforced-by-cilium');
  });

  it('namespace-without-default-deny: a Calico all() policy in a Deny tier is a baseline', () => {
    const pod = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: main}]}
---
`;
    const baseline = (tierDoc: string) =>
      `${tierDoc}${calico(`tier: security\nselector: all()\ntypes: [Ingress]`, 'GlobalNetworkPolicy', 'security.deny')}`;
    const k09 = (text: string) => {
      const input = decode(pod + text);
      const overlay = buildOverlay([
        { name: 'c1', resources: input.resources },
      ]);
      return lint(input, { overlay, cluster: 'c1' })
        .filter(f => f.ruleId === 'namespace-without-default-deny')
        .map(f => f.message);
    };
    expect(k09(baseline(tier('security')))).toEqual([]);
    expect(
      k09(baseline(tier('security', ', defaultAction: Pass'))),
    ).toHaveLength(1);
  });
});
