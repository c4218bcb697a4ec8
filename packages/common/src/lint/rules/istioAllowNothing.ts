import { defineRule } from '../rule';
import { isObj } from '../util/access';
import { nameOf, namespaceOf, ofKind } from '../util/policies';

/** I03: an ALLOW AuthorizationPolicy without `rules` matches nothing: it denies every request. */
export const istioAllowNothing = defineRule(
  {
    id: 'istio-allow-nothing',
    semanticsId: 'I03',
    title: 'AuthorizationPolicy ALLOW without rules',
    severity: 'warning',
    category: 'istio',
    threat: 'denial-of-service',
    rationale:
      'An AuthorizationPolicy whose action is ALLOW (the default) and that has no `rules` never matches a request, and an ALLOW policy selecting a workload denies whatever no ALLOW matches: every request to the selected workloads is refused (Istio documents `spec: {}` as "allow-nothing"). If that is the intent, keep it and name it so; to allow everything write `rules: [{}]`.',
    badExample: `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: db
  namespace: shop
spec:
  selector:
    matchLabels:
      app: db
`,
    goodExample: `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: db
  namespace: shop
spec:
  selector:
    matchLabels:
      app: db
  rules:
    - from:
        - source:
            principals:
              - cluster.local/ns/shop/sa/web
`,
    appliesTo: ['AuthorizationPolicy'],
    needsContext: false,
  },
  ctx =>
    ofKind(ctx.resources, 'AuthorizationPolicy').flatMap(resource => {
      const spec = (resource.object as { spec?: unknown }).spec;
      const s = isObj(spec) ? spec : {};
      const action = s.action ?? 'ALLOW';
      const rules = s.rules;
      if (action !== 'ALLOW') return [];
      if (Array.isArray(rules) && rules.length > 0) return [];
      if (/nothing|deny/i.test(nameOf(resource))) return [];
      return [
        {
          resource,
          path: isObj(spec) ? ['spec'] : ['kind'],
          message: `AuthorizationPolicy ${namespaceOf(resource) ?? 'default'}/${nameOf(resource)} is ALLOW with no rules: it allows nothing, so every request to the workloads it selects is denied.`,
        },
      ];
    }),
);
