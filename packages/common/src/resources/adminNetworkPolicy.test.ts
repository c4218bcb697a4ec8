import { buildOverlay } from '../overlay';
import { decodeText } from './decode';
import { summarize } from './testing';

const anp = (spec: string, name = 'guard') =>
  decodeText(
    `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n${spec}`,
    'anp.yaml',
  );
const banp = (spec: string, name = 'default') =>
  decodeText(
    `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n${spec}`,
    'banp.yaml',
  );

const VALID = [
  '  priority: 10',
  '  subject:',
  '    namespaces: {matchLabels: {tenant: a}}',
  '  ingress:',
  '  - name: deny-other-tenants',
  '    action: Deny',
  '    from:',
  '    - namespaces: {matchExpressions: [{key: tenant, operator: NotIn, values: [a]}]}',
  '    - pods:',
  '        namespaceSelector: {}',
  '        podSelector: {matchLabels: {app: scanner}}',
  '    ports:',
  '    - portNumber: {protocol: TCP, port: 80}',
  '    - portRange: {protocol: UDP, start: 1000, end: 2000}',
  '    - namedPort: http',
  '  egress:',
  '  - action: Pass',
  '    to: [{networks: [10.0.0.0/8, "fd00::/8"]}]',
  '  - action: Allow',
  '    to: [{nodes: {}}, {domainNames: ["*.example.com"]}]',
].join('\n');

describe('AdminNetworkPolicy decoding', () => {
  it('accepts a valid policy (every peer and port kind) and returns a typed object', () => {
    const r = anp(VALID);
    expect(r.problems).toEqual([]);
    expect(r.resources[0].ignored).toBeUndefined();
    expect(r.resources[0].object).toMatchObject({
      kind: 'AdminNetworkPolicy',
      metadata: { name: 'guard' },
      spec: {
        priority: 10,
        subject: { namespaces: { matchLabels: { tenant: 'a' } } },
        ingress: [{ action: 'Deny', ports: [{}, {}, { namedPort: 'http' }] }],
        egress: [{ action: 'Pass' }, { action: 'Allow' }],
      },
    });
  });

  it.each([
    [
      'priority above 1000',
      '  priority: 1001\n  subject: {namespaces: {}}',
      'error invalid-value spec.priority',
    ],
    [
      'negative priority',
      '  priority: -1\n  subject: {namespaces: {}}',
      'error invalid-value spec.priority',
    ],
    [
      'missing priority',
      '  subject: {namespaces: {}}',
      'error missing-field spec.priority',
    ],
    ['missing subject', '  priority: 1', 'error missing-field spec.subject'],
    [
      'subject with both fields',
      '  priority: 1\n  subject: {namespaces: {}, pods: {namespaceSelector: {}, podSelector: {}}}',
      'error invalid-combination spec.subject.pods',
    ],
    [
      'empty subject',
      '  priority: 1\n  subject: {}',
      'error missing-field spec.subject',
    ],
    [
      'pods subject without podSelector',
      '  priority: 1\n  subject: {pods: {namespaceSelector: {}}}',
      'error missing-field spec.subject.pods.podSelector',
    ],
    [
      'Pass is not a BANP action but Log is nothing',
      '  priority: 1\n  subject: {namespaces: {}}\n  ingress: [{action: Log, from: [{namespaces: {}}]}]',
      'error invalid-value spec.ingress[0].action',
    ],
    [
      'rule without peers',
      '  priority: 1\n  subject: {namespaces: {}}\n  ingress: [{action: Deny}]',
      'error missing-field spec.ingress[0].from',
    ],
    [
      'empty peer list',
      '  priority: 1\n  subject: {namespaces: {}}\n  egress: [{action: Deny, to: []}]',
      'error invalid-value spec.egress[0].to',
    ],
    [
      'empty peer',
      '  priority: 1\n  subject: {namespaces: {}}\n  egress: [{action: Deny, to: [{}]}]',
      'error invalid-combination spec.egress[0].to[0]',
    ],
    [
      'peer with two fields',
      '  priority: 1\n  subject: {namespaces: {}}\n  egress: [{action: Deny, to: [{namespaces: {}, networks: [10.0.0.0/8]}]}]',
      'error invalid-combination spec.egress[0].to[0].networks',
    ],
    [
      'networks on ingress',
      '  priority: 1\n  subject: {namespaces: {}}\n  ingress: [{action: Deny, from: [{networks: [10.0.0.0/8]}]}]',
      'error unknown-field spec.ingress[0].from[0].networks',
    ],
    [
      'bad CIDR',
      '  priority: 1\n  subject: {namespaces: {}}\n  egress: [{action: Deny, to: [{networks: [10.0.0.0/33]}]}]',
      'error invalid-value spec.egress[0].to[0].networks[0]',
    ],
    [
      'IPv4 embedded in IPv6',
      '  priority: 1\n  subject: {namespaces: {}}\n  egress: [{action: Deny, to: [{networks: ["::ffff:10.0.0.0/104"]}]}]',
      'error invalid-value spec.egress[0].to[0].networks[0]',
    ],
    [
      'namedPort with networks',
      '  priority: 1\n  subject: {namespaces: {}}\n  egress: [{action: Allow, to: [{networks: [10.0.0.0/8]}], ports: [{namedPort: http}]}]',
      'error invalid-combination spec.egress[0].ports[0].namedPort',
    ],
    [
      'domainNames in a Deny rule',
      '  priority: 1\n  subject: {namespaces: {}}\n  egress: [{action: Deny, to: [{domainNames: [example.com]}]}]',
      'error invalid-combination spec.egress[0].to[0].domainNames',
    ],
    [
      'port with two fields',
      '  priority: 1\n  subject: {namespaces: {}}\n  ingress: [{action: Deny, from: [{namespaces: {}}], ports: [{portNumber: {port: 80}, namedPort: http}]}]',
      'error invalid-combination spec.ingress[0].ports[0].namedPort',
    ],
    [
      'port out of range',
      '  priority: 1\n  subject: {namespaces: {}}\n  ingress: [{action: Deny, from: [{namespaces: {}}], ports: [{portNumber: {port: 70000}}]}]',
      'error invalid-value spec.ingress[0].ports[0].portNumber.port',
    ],
    [
      'range end below start',
      '  priority: 1\n  subject: {namespaces: {}}\n  ingress: [{action: Deny, from: [{namespaces: {}}], ports: [{portRange: {start: 90, end: 80}}]}]',
      'error invalid-value spec.ingress[0].ports[0].portRange.end',
    ],
    [
      'empty ports list',
      '  priority: 1\n  subject: {namespaces: {}}\n  ingress: [{action: Deny, from: [{namespaces: {}}], ports: []}]',
      'error invalid-value spec.ingress[0].ports',
    ],
    [
      'bad protocol',
      '  priority: 1\n  subject: {namespaces: {}}\n  ingress: [{action: Deny, from: [{namespaces: {}}], ports: [{portNumber: {protocol: ICMP, port: 1}}]}]',
      'error invalid-value spec.ingress[0].ports[0].portNumber.protocol',
    ],
  ])('%s: a located error, the policy is left out', (_t, spec, expected) => {
    const r = anp(spec);
    expect(summarize(r.problems, 'error')).toContain(expected);
    expect(r.resources[0].ignored).toBeDefined();
    const p = r.problems.find(x => x.severity === 'error')!;
    expect(p.uri).toBe('anp.yaml');
    expect(p.range.start.line).toBeGreaterThanOrEqual(4);
  });

  it('rejects more than 100 rules in one direction', () => {
    const rules = Array.from(
      { length: 101 },
      () => '  - {action: Deny, from: [{namespaces: {}}]}',
    ).join('\n');
    const r = anp(
      `  priority: 1\n  subject: {namespaces: {}}\n  ingress:\n${rules}`,
    );
    expect(summarize(r.problems, 'error')).toEqual([
      'error invalid-value spec.ingress',
    ]);
    expect(r.problems[0].message).toMatch(/at most 100 items \(has 101\)/);
  });

  it('a peer of a newer API version is kept with a warning (the rule fails closed)', () => {
    const r = anp(
      '  priority: 1\n  subject: {namespaces: {}}\n  egress: [{action: Deny, to: [{serviceAccounts: {}}]}]',
    );
    expect(summarize(r.problems)).toEqual([
      'warning unknown-peer-field spec.egress[0].to[0].serviceAccounts',
    ]);
    expect(r.resources[0].ignored).toBeUndefined();
    expect(r.problems[0].message).toMatch(/fails closed/);
  });

  it('is cluster-scoped: a namespace in metadata is ignored by the overlay id', () => {
    const r = anp(VALID);
    const o = buildOverlay([{ name: 'c1', resources: r.resources }]);
    expect(o.clusters[0].policies.map(p => p.id)).toEqual([
      'c1/_/AdminNetworkPolicy/guard',
    ]);
  });
});

describe('BaselineAdminNetworkPolicy decoding', () => {
  const SPEC =
    '  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: db}}}}\n  ingress: [{action: Deny, from: [{namespaces: {}}]}]';

  it('accepts the singleton named default', () => {
    const r = banp(SPEC);
    expect(r.problems).toEqual([]);
    expect(r.resources[0].object).toMatchObject({
      kind: 'BaselineAdminNetworkPolicy',
      spec: { ingress: [{ action: 'Deny' }] },
    });
  });

  it('rejects any other name, located on metadata.name', () => {
    const r = banp(SPEC, 'baseline');
    expect(summarize(r.problems, 'error')).toEqual([
      'error invalid-value metadata.name',
    ]);
    expect(r.problems[0].range.start.line).toBe(3);
    expect(r.resources[0].ignored).toMatch(/must be named "default"/);
  });

  it.each([
    ['Pass', 'error invalid-value spec.ingress[0].action'],
    ['Log', 'error invalid-value spec.ingress[0].action'],
  ])('rejects action %s', (action, expected) => {
    const r = banp(
      `  subject: {namespaces: {}}\n  ingress: [{action: ${action}, from: [{namespaces: {}}]}]`,
    );
    expect(summarize(r.problems, 'error')).toEqual([expected]);
  });

  it('has no priority', () => {
    const r = banp(`  priority: 5\n${SPEC}`);
    expect(summarize(r.problems, 'error')).toEqual([
      'error unknown-field spec.priority',
    ]);
  });
});

describe('ANP / BANP in the overlay', () => {
  const both = [
    'apiVersion: policy.networking.k8s.io/v1alpha1',
    'kind: AdminNetworkPolicy',
    'metadata: {name: guard}',
    'spec: {priority: 1, subject: {namespaces: {}}, ingress: [{action: Deny, from: [{namespaces: {}}]}]}',
    '---',
    'apiVersion: policy.networking.k8s.io/v1alpha1',
    'kind: BaselineAdminNetworkPolicy',
    'metadata: {name: default}',
    'spec: {subject: {namespaces: {}}, ingress: [{action: Deny, from: [{namespaces: {}}]}]}',
    '---',
    'apiVersion: policy.networking.k8s.io/v1alpha1',
    'kind: AdminNetworkPolicy',
    'metadata: {name: broken}',
    'spec: {priority: 2000, subject: {namespaces: {}}}',
  ].join('\n');

  it('kubernetes enforcer: valid ones are policies, a malformed one is left out with its reason', () => {
    const r = decodeText(both, 'p.yaml');
    const c = buildOverlay([{ name: 'c1', resources: r.resources }])
      .clusters[0];
    expect(c.policies.map(p => p.id)).toEqual([
      'c1/_/AdminNetworkPolicy/guard',
      'c1/_/BaselineAdminNetworkPolicy/default',
    ]);
    expect(c.ignoredPolicies).toEqual([
      expect.objectContaining({
        id: 'c1/_/AdminNetworkPolicy/broken',
        reason: expect.stringMatching(/spec\.priority: 2000 is out of range/),
      }),
    ]);
    expect(c.ignoredPolicies![0].cause).toBeUndefined();
  });

  it('cilium enforcer: present but not enforced, and said so (never a silent drop)', () => {
    const r = decodeText(both, 'p.yaml');
    const c = buildOverlay([
      { name: 'c1', resources: r.resources, enforcer: 'cilium' },
    ]).clusters[0];
    expect(c.policies).toEqual([]);
    expect(
      (c.ignoredPolicies ?? []).map(p => [p.id, p.cause ?? 'decode-error']),
    ).toEqual([
      ['c1/_/AdminNetworkPolicy/guard', 'not-enforced'],
      ['c1/_/AdminNetworkPolicy/broken', 'decode-error'],
      ['c1/_/BaselineAdminNetworkPolicy/default', 'not-enforced'],
    ]);
    expect(c.ignoredPolicies![0].reason).toMatch(
      /not enforced by the cilium enforcer/,
    );
  });
});
