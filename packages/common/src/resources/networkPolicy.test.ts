import { decodeText } from './decode';
import { summarize } from './testing';

const np = (spec: string) =>
  decodeText(
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: ns\nspec:\n${spec}`,
    'np.yaml',
  );

describe('NetworkPolicy decoding', () => {
  it('accepts a valid policy without problems and returns a typed object', () => {
    const r = np(
      [
        '  podSelector: {matchLabels: {app: db}}',
        '  policyTypes: [Ingress, Egress]',
        '  ingress:',
        '  - from:',
        '    - namespaceSelector: {matchLabels: {team: a}}',
        '      podSelector: {matchExpressions: [{key: tier, operator: In, values: [web]}]}',
        '    - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}',
        '    ports: [{protocol: TCP, port: 5432}, {port: 8000, endPort: 8080}, {port: http}]',
        '  egress: [{}]',
      ].join('\n'),
    );
    expect(r.problems).toEqual([]);
    expect(r.resources[0].object).toMatchObject({
      kind: 'NetworkPolicy',
      metadata: { name: 'p', namespace: 'ns' },
      spec: { policyTypes: ['Ingress', 'Egress'], egress: [{}] },
    });
  });

  it.each([
    [
      'ipBlock with a selector',
      '  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]}]',
      'error invalid-combination spec.ingress[0].from[0].ipBlock',
    ],
    [
      'empty peer',
      '  ingress: [{from: [{}]}]',
      'error invalid-combination spec.ingress[0].from[0]',
    ],
    [
      'except not strictly inside',
      '  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/8]}}]}]',
      'error invalid-value spec.egress[0].to[0].ipBlock.except[0]',
    ],
    [
      'except outside',
      '  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [192.168.0.0/16]}}]}]',
      'error invalid-value spec.egress[0].to[0].ipBlock.except[0]',
    ],
    [
      'bad cidr',
      '  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/33}}]}]',
      'error invalid-value spec.egress[0].to[0].ipBlock.cidr',
    ],
    [
      'endPort without port',
      '  ingress: [{ports: [{endPort: 90}]}]',
      'error invalid-combination spec.ingress[0].ports[0].endPort',
    ],
    [
      'endPort with named port',
      '  ingress: [{ports: [{port: http, endPort: 90}]}]',
      'error invalid-combination spec.ingress[0].ports[0].endPort',
    ],
    [
      'endPort below port',
      '  ingress: [{ports: [{port: 100, endPort: 90}]}]',
      'error invalid-value spec.ingress[0].ports[0].endPort',
    ],
    [
      'port out of range',
      '  ingress: [{ports: [{port: 70000}]}]',
      'error invalid-value spec.ingress[0].ports[0].port',
    ],
    [
      'bad protocol',
      '  ingress: [{ports: [{protocol: ICMP}]}]',
      'error invalid-value spec.ingress[0].ports[0].protocol',
    ],
    [
      'three policyTypes',
      '  policyTypes: [Ingress, Egress, Ingress]',
      'error invalid-value spec.policyTypes',
    ],
    [
      'unknown policyType',
      '  policyTypes: [Both]',
      'error invalid-value spec.policyTypes[0]',
    ],
    [
      'unknown field',
      '  ingress: [{form: []}]',
      'error unknown-field spec.ingress[0].form',
    ],
    [
      'In without values',
      '  podSelector: {matchExpressions: [{key: a, operator: In}]}',
      'error invalid-value spec.podSelector.matchExpressions[0].values',
    ],
    [
      'Exists with values',
      '  podSelector: {matchExpressions: [{key: a, operator: Exists, values: [x]}]}',
      'error invalid-value spec.podSelector.matchExpressions[0].values',
    ],
    [
      'bad operator',
      '  podSelector: {matchExpressions: [{key: a, operator: Equals}]}',
      'error invalid-value spec.podSelector.matchExpressions[0].operator',
    ],
    [
      'bad label key',
      '  podSelector: {matchLabels: {"-a": b}}',
      'error invalid-value spec.podSelector.matchLabels.-a',
    ],
    [
      'bad label value',
      '  podSelector: {matchLabels: {a: "b c"}}',
      'error invalid-value spec.podSelector.matchLabels.a',
    ],
    ['wrong type', '  ingress: {from: []}', 'error invalid-type spec.ingress'],
  ])('reports %s', (_name, spec, expected) => {
    const r = np(spec);
    expect(summarize(r.problems)).toContain(expected);
    // The policy is still returned, typed, for the engine.
    expect(r.resources[0].object.kind).toBe('NetworkPolicy');
  });

  it('locates problems on the exact node (value) and key (unknown field)', () => {
    const r = np('  ingress:\n  - ports:\n    - port: 70000\n    frm: []');
    const byCode = Object.fromEntries(r.problems.map(p => [p.code, p]));
    expect(byCode['invalid-value'].range).toEqual({
      start: { line: 8, character: 12 },
      end: { line: 8, character: 17 },
    });
    expect(byCode['invalid-value'].message).toBe(
      'spec.ingress[0].ports[0].port: 70000 must be between 1 and 65535',
    );
    expect(byCode['unknown-field'].range).toEqual({
      start: { line: 9, character: 4 },
      end: { line: 9, character: 7 },
    });
  });
});
