import { decodeText } from './decode';
import { summarize } from './testing';

const doc = (kind: string, spec: string, ns = true) =>
  decodeText(
    [
      'apiVersion: projectcalico.org/v3',
      `kind: ${kind}`,
      'metadata:',
      '  name: p',
      ...(ns ? ['  namespace: shop'] : []),
      'spec:',
      spec,
    ].join('\n'),
    'calico.yaml',
  );
const np = (spec: string) => doc('NetworkPolicy', spec);
const gnp = (spec: string) => doc('GlobalNetworkPolicy', spec, false);

const VALID = [
  '  tier: security',
  '  order: 100.5',
  "  selector: app == 'db' && has(tier)",
  "  serviceAccountSelector: role == 'x'",
  '  types: [Ingress, Egress]',
  '  ingress:',
  '  - action: Allow',
  '    protocol: TCP',
  '    source:',
  "      selector: app in {'web', 'api'}",
  "      namespaceSelector: team == 'blue'",
  '      serviceAccounts: {names: [web], selector: "all()"}',
  '      nets: [10.0.0.0/8]',
  '      notNets: [10.1.0.0/16]',
  '    destination:',
  '      ports: [80, "8000:8100", http]',
  '  - action: Log',
  '  - action: Pass',
  '    notProtocol: UDP',
  '  egress:',
  '  - action: Deny',
  '    protocol: 17',
  '    destination: {notPorts: [53], notSelector: "has(x)"}',
].join('\n');

describe('Calico policy decoding', () => {
  it('decodes a projectcalico.org/v3 NetworkPolicy as CalicoNetworkPolicy', () => {
    const r = np(VALID);
    expect(summarize(r.problems)).toEqual([]);
    expect(r.resources[0].ignored).toBeUndefined();
    expect(r.resources[0].object).toMatchObject({
      apiVersion: 'projectcalico.org/v3',
      kind: 'CalicoNetworkPolicy',
      metadata: { name: 'p', namespace: 'shop' },
      spec: {
        tier: 'security',
        order: 100.5,
        ingress: [
          {
            action: 'Allow',
            destination: { ports: [80, '8000:8100', 'http'] },
          },
          { action: 'Log' },
          { action: 'Pass', notProtocol: 'UDP' },
        ],
        egress: [{ action: 'Deny', protocol: 17 }],
      },
    });
  });

  it('keeps networking.k8s.io/v1 NetworkPolicy the Kubernetes kind', () => {
    const r = decodeText(
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: a}\nspec: {podSelector: {}}',
      'np.yaml',
    );
    expect(r.resources[0].object.kind).toBe('NetworkPolicy');
  });

  it('reads the CRD storage form (crd.projectcalico.org/v1) and Tier', () => {
    const r = decodeText(
      [
        'apiVersion: crd.projectcalico.org/v1',
        'kind: GlobalNetworkPolicy',
        'metadata: {name: g}',
        'spec: {selector: all(), namespaceSelector: global()}',
        '---',
        'apiVersion: projectcalico.org/v3',
        'kind: Tier',
        'metadata: {name: security}',
        'spec: {order: 100, defaultAction: Pass}',
      ].join('\n'),
      'gnp.yaml',
    );
    expect(summarize(r.problems)).toEqual([]);
    expect(r.resources.map(x => x.object.kind)).toEqual([
      'GlobalNetworkPolicy',
      'Tier',
    ]);
  });

  it('locates a selector syntax error at the field, with the column', () => {
    const r = np("  selector: app = 'db'");
    expect(summarize(r.problems)).toEqual([
      'error invalid-selector spec.selector',
    ]);
    expect(r.problems[0].message).toContain('expected == (column 5)');
    // the YAML value on line 7 (0-based 6)
    expect(r.problems[0].range.start.line).toBe(6);
    expect(r.resources[0].ignored).toContain('spec.selector');
  });

  it.each([
    [
      'ports without protocol (P04)',
      '  ingress: [{action: Allow, destination: {ports: [80]}}]',
      'error invalid-combination spec.ingress[0].destination.ports',
    ],
    [
      'ports with protocol ICMP (P04)',
      '  ingress: [{action: Allow, protocol: ICMP, destination: {ports: [80]}}]',
      'error invalid-combination spec.ingress[0].destination.ports',
    ],
    [
      'an unknown action',
      '  ingress: [{action: Accept}]',
      'error invalid-value spec.ingress[0].action',
    ],
    [
      'a missing action',
      '  ingress: [{protocol: TCP}]',
      'error missing-field spec.ingress[0].action',
    ],
    [
      'a bad port range',
      '  ingress: [{action: Allow, protocol: TCP, destination: {ports: ["90:80"]}}]',
      'error invalid-value spec.ingress[0].destination.ports[0]',
    ],
    [
      'a bad protocol',
      '  ingress: [{action: Allow, protocol: HTTP}]',
      'error invalid-value spec.ingress[0].protocol',
    ],
    [
      'a bad CIDR',
      '  egress: [{action: Allow, destination: {nets: [10.0.0.0/33]}}]',
      'error invalid-value spec.egress[0].destination.nets[0]',
    ],
    [
      'a bad types value',
      '  types: [ingress]',
      'error invalid-value spec.types[0]',
    ],
    [
      'namespaceSelector on a namespaced policy',
      '  namespaceSelector: all()',
      'error unknown-field spec.namespaceSelector',
    ],
    [
      'source ports (not modelled)',
      '  ingress: [{action: Allow, protocol: TCP, source: {ports: [1234]}}]',
      'error not-modelled spec.ingress[0].source.ports',
    ],
    [
      'services (not modelled)',
      '  egress: [{action: Allow, destination: {services: {name: kubernetes, namespace: default}}}]',
      'error not-modelled spec.egress[0].destination.services',
    ],
  ])('%s', (_what, spec, expected) => {
    const r = np(spec);
    expect(summarize(r.problems)).toEqual([expected]);
    expect(r.resources[0].ignored).toBeDefined();
  });

  it.each([
    [
      'http',
      '  ingress: [{action: Allow, protocol: TCP, http: {methods: [GET]}}]',
      'warning not-modelled spec.ingress[0].http',
    ],
    [
      'icmp',
      '  ingress: [{action: Allow, protocol: ICMP, icmp: {type: 8}}]',
      'warning not-modelled spec.ingress[0].icmp',
    ],
    [
      'ipVersion',
      '  ingress: [{action: Allow, ipVersion: 4}]',
      'warning not-modelled spec.ingress[0].ipVersion',
    ],
  ])('warns that %s is not modelled and keeps the policy', (_w, spec, e) => {
    const r = np(spec);
    expect(summarize(r.problems)).toEqual([e]);
    expect(r.resources[0].ignored).toBeUndefined();
  });

  it('reports host-endpoint GlobalNetworkPolicy fields as not modelled', () => {
    const r = gnp('  selector: all()\n  preDNAT: true\n  applyOnForward: true');
    expect(summarize(r.problems)).toEqual([
      'error not-modelled spec.preDNAT',
      'error not-modelled spec.applyOnForward',
    ]);
    expect(r.resources[0].ignored).toContain('host endpoint');
  });

  it('rejects a Tier defaultAction other than Deny or Pass', () => {
    const r = decodeText(
      'apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: t}\nspec: {order: 1, defaultAction: Allow}',
      't.yaml',
    );
    expect(summarize(r.problems)).toEqual([
      'error invalid-value spec.defaultAction',
    ]);
  });
});
