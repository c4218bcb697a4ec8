import * as fs from 'fs';
import { CILIUM_RULE_FIELDS, type CiliumFieldGroup } from './ciliumFields';

type Schema = { properties?: Record<string, Schema>; items?: Schema };

/** Where each field group lives in the CRD's openAPIV3Schema (from `spec`). */
const LOCATIONS: Record<CiliumFieldGroup, string[]> = {
  rule: [],
  ingress: ['ingress', '[]'],
  ingressDeny: ['ingressDeny', '[]'],
  egress: ['egress', '[]'],
  egressDeny: ['egressDeny', '[]'],
  selector: ['endpointSelector'],
  selectorRequirement: ['endpointSelector', 'matchExpressions', '[]'],
  authentication: ['ingress', '[]', 'authentication'],
  icmpRule: ['ingress', '[]', 'icmps', '[]'],
  icmpField: ['ingress', '[]', 'icmps', '[]', 'fields', '[]'],
  cidrRule: ['egress', '[]', 'toCIDRSet', '[]'],
  fqdnSelector: ['egress', '[]', 'toFQDNs', '[]'],
  groups: ['egress', '[]', 'toGroups', '[]'],
  awsGroup: ['egress', '[]', 'toGroups', '[]', 'aws'],
  service: ['egress', '[]', 'toServices', '[]'],
  k8sService: ['egress', '[]', 'toServices', '[]', 'k8sService'],
  k8sServiceSelector: [
    'egress',
    '[]',
    'toServices',
    '[]',
    'k8sServiceSelector',
  ],
  portRule: ['egress', '[]', 'toPorts', '[]'],
  denyPortRule: ['egressDeny', '[]', 'toPorts', '[]'],
  portProtocol: ['egress', '[]', 'toPorts', '[]', 'ports', '[]'],
  listener: ['egress', '[]', 'toPorts', '[]', 'listener'],
  envoyConfig: ['egress', '[]', 'toPorts', '[]', 'listener', 'envoyConfig'],
  tlsContext: ['egress', '[]', 'toPorts', '[]', 'terminatingTLS'],
  secret: ['egress', '[]', 'toPorts', '[]', 'terminatingTLS', 'secret'],
  l7Rules: ['egress', '[]', 'toPorts', '[]', 'rules'],
  dnsRule: ['egress', '[]', 'toPorts', '[]', 'rules', 'dns', '[]'],
  httpRule: ['egress', '[]', 'toPorts', '[]', 'rules', 'http', '[]'],
  headerMatch: [
    'egress',
    '[]',
    'toPorts',
    '[]',
    'rules',
    'http',
    '[]',
    'headerMatches',
    '[]',
  ],
  kafkaRule: ['egress', '[]', 'toPorts', '[]', 'rules', 'kafka', '[]'],
  enableDefaultDeny: ['enableDefaultDeny'],
  log: ['log'],
  label: ['labels', '[]'],
};

function at(schema: Schema, steps: string[]): Schema {
  return steps.reduce<Schema>(
    (s, step) => (step === '[]' ? s.items! : s.properties![step]),
    schema,
  );
}

/** Every object schema under `s` (with its path), to check that repeated shapes agree too. */
function* objects(
  s: Schema,
  path: string[] = [],
): Generator<[string[], Schema]> {
  if (s.items) yield* objects(s.items, [...path, '[]']);
  if (s.properties) {
    yield [path, s];
    for (const [k, v] of Object.entries(s.properties))
      yield* objects(v, [...path, k]);
  }
}

describe.each([
  'ciliumnetworkpolicy_v2.json',
  'ciliumclusterwidenetworkpolicy_v2.json',
])('CRD %s', file => {
  const crd = JSON.parse(
    fs.readFileSync(`/work/shared/data/schemas/${file}`, 'utf8'),
  ) as Schema;
  const spec = crd.properties!.spec;

  it.each(Object.keys(LOCATIONS) as CiliumFieldGroup[])(
    'field group %s matches the CRD',
    group => {
      const props = Object.keys(
        at(spec, LOCATIONS[group]).properties ?? {},
      ).sort();
      expect([...CILIUM_RULE_FIELDS[group]].sort()).toEqual(props);
    },
  );

  it('specs[] items have the same fields as spec', () => {
    expect(
      Object.keys(crd.properties!.specs.items!.properties!).sort(),
    ).toEqual([...CILIUM_RULE_FIELDS.rule].sort());
  });

  it('every object shape in the rule schema is one of the known groups', () => {
    const known = new Set(
      Object.values(CILIUM_RULE_FIELDS).map(f => [...f].sort().join(',')),
    );
    const unknown: string[] = [];
    for (const [path, s] of objects(spec)) {
      const key = Object.keys(s.properties!).sort().join(',');
      if (!known.has(key)) unknown.push(`${path.join('.')}: ${key}`);
    }
    expect(unknown).toEqual([]);
  });
});
