import { defineRule } from '../rule';
import { portRules } from '../util/l7';
import { ciliumRules } from '../util/policies';
import { rangeOf, uriOf } from '../util/text';
import { CILIUM_KINDS, ciliumConfig, cnp } from './examples';

const POLICY = cnp(`
endpointSelector:
  matchLabels:
    app: api
ingress:
  - fromEndpoints:
      - matchLabels:
          app: web
    toPorts:
      - ports:
          - port: "8080"
            protocol: TCP
        rules:
          http:
            - method: GET
`);

/** C13: L7 rules while `enable-l7-proxy=false` are rejected. */
export const l7ProxyDisabled = defineRule(
  {
    id: 'cilium-l7-proxy-disabled',
    semanticsId: 'C13',
    title: 'L7 rule with the L7 proxy disabled',
    severity: 'error',
    category: 'l7',
    threat: 'misconfiguration',
    rationale:
      'With `enable-l7-proxy=false` Cilium rejects policies that carry L7 (HTTP, DNS, Kafka) rules; the policy is not enforced, toFQDNs learns nothing.',
    badExample: `${ciliumConfig({ 'cluster-name': 'c1', 'enable-l7-proxy': 'false' })}---\n${POLICY}`,
    goodExample: `${ciliumConfig({ 'cluster-name': 'c1', 'enable-l7-proxy': 'true' })}---\n${POLICY}`,
    appliesTo: [...CILIUM_KINDS, 'cilium-config'],
    needsContext: false,
  },
  ctx => {
    if (ctx.settings.enableL7Proxy !== false) return [];
    const src = ctx.settings.source;
    return ciliumRules(ctx.resources)
      .flatMap(portRules)
      .filter(pr => pr.l7.length > 0)
      .map(pr => ({
        resource: pr.rule.resource,
        path: [...pr.path, 'rules'],
        atKey: true,
        message:
          'L7 rules while enable-l7-proxy is false: Cilium rejects this policy.',
        related: src
          ? [
              {
                uri: uriOf(src),
                range: rangeOf(src, ['data', 'enable-l7-proxy']),
                message: 'enable-l7-proxy',
              },
            ]
          : undefined,
      }));
  },
);
