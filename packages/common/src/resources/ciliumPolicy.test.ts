import * as fs from 'fs';
import * as path from 'path';
import { decodeText } from './decode';
import { summarize } from './testing';

const cnp = (spec: string, kind = 'CiliumNetworkPolicy') =>
  decodeText(
    `apiVersion: cilium.io/v2\nkind: ${kind}\nmetadata:\n  name: p\n${spec}`,
    'cnp.yaml',
  );

describe('CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy decoding', () => {
  it('decodes upstream example policies with zero errors', () => {
    const text = fs.readFileSync(
      path.join(__dirname, '__fixtures__', 'cilium-examples.yaml'),
      'utf8',
    );
    const r = decodeText(text, 'examples.yaml');
    expect(summarize(r.problems)).toEqual([]);
    expect(r.resources.map(x => x.object.metadata?.name)).toEqual([
      'l3-rule',
      'l4-rule',
      'rule1',
      'fqdn',
      'mixed',
      'host-fw',
      'kafka',
    ]);
    expect(r.resources[5].object).toMatchObject({
      kind: 'CiliumClusterwideNetworkPolicy',
      specs: [{ nodeSelector: {} }, {}],
    });
  });

  const rule = (body: string) => `spec:\n  endpointSelector: {}\n${body}`;
  it.each([
    ['neither spec nor specs', '', 'error missing-field '],
    [
      'no ingress/egress at all',
      'spec:\n  endpointSelector: {}',
      'error invalid-combination spec',
    ],
    [
      'neither endpointSelector nor nodeSelector',
      'spec:\n  ingress: [{}]',
      'error missing-field spec',
    ],
    [
      'both endpointSelector and nodeSelector',
      'spec:\n  endpointSelector: {}\n  nodeSelector: {}\n  ingress: [{}]',
      'error invalid-combination spec.nodeSelector',
    ],
    [
      'nodeSelector in a CNP',
      'spec:\n  nodeSelector: {}\n  ingress: [{}]',
      'error invalid-combination spec.nodeSelector',
    ],
    [
      'two L3 kinds',
      rule('  egress: [{toEndpoints: [{}], toCIDR: [10.0.0.0/8]}]'),
      'error invalid-combination spec.egress[0].toCIDR',
    ],
    [
      'toFQDNs with toEndpoints',
      rule('  egress: [{toFQDNs: [{matchName: a.com}], toEndpoints: [{}]}]'),
      'error invalid-combination spec.egress[0].toEndpoints',
    ],
    [
      'ICMPs with toPorts',
      rule(
        '  ingress: [{icmps: [{fields: [{type: 8}]}], toPorts: [{ports: [{port: "80"}]}]}]',
      ),
      'error invalid-combination spec.ingress[0].icmps',
    ],
    [
      'more than 40 ports',
      rule(
        `  ingress: [{toPorts: [{ports: [${Array.from({ length: 41 }, (_, i) => `{port: "${i + 1}"}`).join(', ')}]}]}]`,
      ),
      'error invalid-value spec.ingress[0].toPorts[0].ports',
    ],
    [
      'DNS on ingress',
      rule(
        '  ingress: [{toPorts: [{ports: [{port: "53", protocol: UDP}], rules: {dns: [{matchPattern: "*"}]}}]}]',
      ),
      'error invalid-combination spec.ingress[0].toPorts[0].rules.dns',
    ],
    [
      'DNS on port 0',
      rule(
        '  egress: [{toPorts: [{ports: [{port: "0"}], rules: {dns: [{matchPattern: "*"}]}}]}]',
      ),
      'error invalid-combination spec.egress[0].toPorts[0].ports[0].port',
    ],
    [
      'DNS without ports',
      rule('  egress: [{toPorts: [{rules: {dns: [{matchPattern: "*"}]}}]}]'),
      'error invalid-combination spec.egress[0].toPorts[0].rules.dns',
    ],
    [
      'DNS with a range',
      rule(
        '  egress: [{toPorts: [{ports: [{port: "53", endPort: 54}], rules: {dns: [{matchPattern: "*"}]}}]}]',
      ),
      'error invalid-combination spec.egress[0].toPorts[0].ports[0].endPort',
    ],
    [
      'L7 on port 0',
      rule(
        '  ingress: [{toPorts: [{ports: [{port: "0", protocol: TCP}], rules: {http: [{}]}}]}]',
      ),
      'error invalid-combination spec.ingress[0].toPorts[0].ports[0].port',
    ],
    [
      'HTTP on UDP',
      rule(
        '  ingress: [{toPorts: [{ports: [{port: "80", protocol: UDP}], rules: {http: [{}]}}]}]',
      ),
      'error invalid-combination spec.ingress[0].toPorts[0].ports[0].protocol',
    ],
    [
      'two L7 kinds',
      rule(
        '  egress: [{toPorts: [{ports: [{port: "53", protocol: TCP}], rules: {http: [{}], dns: [{matchName: a.com}]}}]}]',
      ),
      'error invalid-combination spec.egress[0].toPorts[0].rules',
    ],
    [
      'except outside cidr',
      rule(
        '  egress: [{toCIDRSet: [{cidr: 10.0.0.0/8, except: [11.0.0.0/16]}]}]',
      ),
      'error invalid-value spec.egress[0].toCIDRSet[0].except[0]',
    ],
    [
      'cidr and cidrGroupRef',
      rule('  egress: [{toCIDRSet: [{cidr: 10.0.0.0/8, cidrGroupRef: g}]}]'),
      'error invalid-combination spec.egress[0].toCIDRSet[0]',
    ],
    [
      'bad entity',
      rule('  egress: [{toEntities: [internet]}]'),
      'error invalid-value spec.egress[0].toEntities[0]',
    ],
    [
      'bad auth mode',
      rule(
        '  ingress: [{fromEntities: [all], authentication: {mode: strict}}]',
      ),
      'error invalid-value spec.ingress[0].authentication.mode',
    ],
    [
      'toFQDNs on egressDeny',
      rule('  egressDeny: [{toFQDNs: [{matchName: a.com}]}]'),
      'error unknown-field spec.egressDeny[0].toFQDNs',
    ],
    [
      'L7 rules on a deny rule',
      rule(
        '  ingressDeny: [{toPorts: [{ports: [{port: "80"}], rules: {http: [{}]}}]}]',
      ),
      'error unknown-field spec.ingressDeny[0].toPorts[0].rules',
    ],
    [
      'typo in a rule',
      rule('  ingress: [{fromEndpoint: [{}]}]'),
      'error unknown-field spec.ingress[0].fromEndpoint',
    ],
    [
      'port required',
      rule('  ingress: [{toPorts: [{ports: [{protocol: TCP}]}]}]'),
      'error missing-field spec.ingress[0].toPorts[0].ports[0].port',
    ],
    [
      'bad port',
      rule('  ingress: [{toPorts: [{ports: [{port: "99999"}]}]}]'),
      'error invalid-value spec.ingress[0].toPorts[0].ports[0].port',
    ],
    [
      'ICMP protocol',
      rule('  ingress: [{toPorts: [{ports: [{port: "80", protocol: ICMP}]}]}]'),
      'error invalid-value spec.ingress[0].toPorts[0].ports[0].protocol',
    ],
    [
      'matchName and matchPattern',
      rule(
        '  egress: [{toFQDNs: [{matchName: a.com, matchPattern: "*.a.com"}]}]',
      ),
      'error invalid-combination spec.egress[0].toFQDNs[0]',
    ],
    [
      'listener on ingress',
      rule(
        '  ingress: [{toPorts: [{ports: [{port: "80"}], listener: {name: l, envoyConfig: {name: c}}}]}]',
      ),
      'error invalid-combination spec.ingress[0].toPorts[0].listener',
    ],
    [
      'log value too long',
      rule(`  ingress: [{}]\n  log: {value: ${'x'.repeat(33)}}`),
      'error invalid-value spec.log.value',
    ],
    [
      'bad selector value',
      rule('  ingress: [{fromEndpoints: [{matchLabels: {app: "a b"}}]}]'),
      'error invalid-value spec.ingress[0].fromEndpoints[0].matchLabels.app',
    ],
    [
      'invalid rule in specs',
      'specs:\n- endpointSelector: {}\n- endpointSelector: {}\n  egress: [{toEntities: [world], toCIDR: [1.1.1.1/32]}]',
      'error invalid-combination specs[1].egress[0].toCIDR',
    ],
  ])('reports %s', (_name, body, expected) => {
    const r = cnp(body);
    expect(summarize(r.problems)).toContain(expected);
    expect(r.resources).toHaveLength(1);
  });

  it('allows nodeSelector in a CCNP and empty L3 lists alongside another kind', () => {
    expect(
      cnp(
        'spec:\n  nodeSelector: {}\n  ingress: [{fromEntities: [cluster]}]',
        'CiliumClusterwideNetworkPolicy',
      ).problems,
    ).toEqual([]);
    // Sanitize counts only non-empty peer lists.
    expect(
      cnp(rule('  egress: [{toEndpoints: [], toCIDR: [10.0.0.0/8]}]')).problems,
    ).toEqual([]);
  });

  it('locates the combination on the second L3 key', () => {
    const r = cnp(
      'spec:\n  endpointSelector: {}\n  egress:\n  - toEndpoints: [{}]\n    toEntities: [world]\n',
    );
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].range).toEqual({
      start: { line: 8, character: 4 },
      end: { line: 8, character: 14 },
    });
    expect(r.problems[0].message).toBe(
      'spec.egress[0].toEntities: combining toEndpoints and toEntities in one rule is not supported',
    );
  });
});
