import { decodeText } from './decode';

const decode = (text: string) => decodeText(text, 'file:///istio.yaml');
const errors = (text: string) =>
  decode(text).problems.filter(p => p.severity === 'error');

describe('Istio PeerAuthentication / AuthorizationPolicy decoders', () => {
  it('decodes v1 and v1beta1 as known kinds', () => {
    const r = decode(`apiVersion: security.istio.io/v1beta1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec: {mtls: {mode: STRICT}}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: allow, namespace: shop}
spec:
  selector: {matchLabels: {app: db}}
  action: ALLOW
  rules:
    - from: [{source: {principals: [cluster.local/ns/shop/sa/web]}}]
      to: [{operation: {ports: ["5432"]}}]
      when: [{key: source.ip, values: [10.0.0.1]}]
`);
    expect(r.problems).toEqual([]);
    expect(
      r.resources.map(x => [x.object.kind, !!x.unknownKind, x.ignored]),
    ).toEqual([
      ['PeerAuthentication', false, undefined],
      ['AuthorizationPolicy', false, undefined],
    ]);
  });

  it('portLevelMtls without a selector: located error, the policy is left out', () => {
    const text = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: shop}
spec:
  mtls: {mode: STRICT}
  portLevelMtls:
    8080: {mode: DISABLE}
`;
    const r = decode(text);
    const e = r.problems.filter(p => p.severity === 'error');
    expect(e.map(p => [p.code, p.message, p.range.start.line])).toEqual([
      [
        'invalid-combination',
        'spec.portLevelMtls: portLevelMtls requires selector',
        5,
      ],
    ]);
    expect(r.resources[0].ignored).toContain('portLevelMtls requires selector');
  });

  it('bad modes, actions, ports and fields are located errors', () => {
    expect(
      errors(`apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: p, namespace: shop}
spec:
  selector: {matchLabels: {app: db}}
  mtls: {mode: strict}
  portLevelMtls:
    "70000": {mode: STRICT}
`).map(p => [p.path.join('.'), p.range.start.line]),
    ).toEqual([
      ['spec.mtls.mode', 5],
      ['spec.portLevelMtls.70000', 7],
    ]);
    expect(
      errors(`apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: a, namespace: shop}
spec:
  action: REJECT
  rules:
    - from: [{source: {principal: [x]}}]
`).map(p => p.path.join('.')),
    ).toEqual(['spec.action', 'spec.rules.0.from.0.source.principal']);
  });

  it('CUSTOM needs a provider, provider needs CUSTOM, selector excludes targetRefs', () => {
    const msgs = (spec: string) =>
      errors(`apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: a, namespace: shop}
spec: ${spec}
`).map(p => p.message);
    expect(msgs('{action: CUSTOM, rules: [{}]}')).toEqual([
      'spec.provider: a CUSTOM policy must name its extension provider',
    ]);
    expect(msgs('{action: DENY, provider: {name: x}}')).toEqual([
      'spec.provider: provider must only be set with the CUSTOM action',
    ]);
    expect(
      msgs(
        '{selector: {matchLabels: {app: a}}, targetRefs: [{kind: Service, name: s}]}',
      ),
    ).toEqual([
      'spec.targetRefs: only one of targetRefs or selector can be set',
    ]);
  });

  it('another group version is an error', () => {
    expect(
      errors(`apiVersion: security.istio.io/v2
kind: PeerAuthentication
metadata: {name: p, namespace: shop}
spec: {}
`).map(p => p.message),
    ).toEqual([
      'apiVersion: PeerAuthentication is served as security.istio.io/v1 or security.istio.io/v1beta1, not "security.istio.io/v2"',
    ]);
  });
});
