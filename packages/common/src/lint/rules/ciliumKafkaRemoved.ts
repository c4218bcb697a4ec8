import { defineRule } from '../rule';
import { arr, isObj } from '../util/access';
import { ciliumRules } from '../util/policies';
import { atLeast } from '../util/version';
import { CILIUM_KINDS, cnp } from './examples';

/** C03: Kafka L7 rules were deprecated in 1.19 and removed in 1.20. */
export const ciliumKafkaRemoved = defineRule(
  {
    id: 'cilium-kafka-removed',
    semanticsId: 'C03',
    title: 'Kafka L7 rules are removed',
    severity: 'error',
    category: 'l7',
    threat: 'misconfiguration',
    rationale:
      'Kafka L7 rules were deprecated in Cilium 1.19 and removed in 1.20: the policy no longer parses there. Enforce Kafka authorisation in the broker, keep an L4 rule for the port.',
    badExample: cnp(`
endpointSelector:
  matchLabels:
    app: kafka
ingress:
  - fromEndpoints:
      - matchLabels:
          app: producer
    toPorts:
      - ports:
          - port: "9092"
            protocol: TCP
        rules:
          kafka:
            - role: produce
              topic: orders
`),
    goodExample: cnp(`
endpointSelector:
  matchLabels:
    app: kafka
ingress:
  - fromEndpoints:
      - matchLabels:
          app: producer
    toPorts:
      - ports:
          - port: "9092"
            protocol: TCP
`),
    appliesTo: CILIUM_KINDS,
    needsContext: false,
  },
  ctx => {
    const v = ctx.settings.version;
    if (!atLeast(v, '1.19')) return [];
    const removed = atLeast(v, '1.20');
    return ciliumRules(ctx.resources).flatMap(r =>
      (arr(r.rule.toPorts) ?? []).flatMap((pr, i) => {
        if (!isObj(pr) || !isObj(pr.rules) || pr.rules.kafka === undefined)
          return [];
        return [
          {
            resource: r.resource,
            path: [...r.path, 'toPorts', i, 'rules', 'kafka'],
            atKey: true,
            severity: removed ? ('error' as const) : ('warning' as const),
            message: removed
              ? 'Kafka L7 rules were removed in Cilium 1.20: this policy is rejected.'
              : 'Kafka L7 rules are deprecated in Cilium 1.19 and removed in 1.20.',
          },
        ];
      }),
    );
  },
);
