/*
 * Robustness: random mutations of valid Calico policies go through the decoders, the overlay,
 * explain and connectivity without throwing, whatever the decoders let through (a policy left
 * out, a field dropped), and explain still agrees with connectivity.
 */
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import {
  computeConnectivity,
  connectionAllows,
  endpointKey,
} from '../connectivity';
import type { DecodedResource, KubeObject, UnknownObject } from '../model';
import { buildOverlay } from '../overlay';
import { decodeObject, decodeText } from '../resources';
import { explainFlow } from './explainFlow';

const WORKLOADS = decodeText(
  `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: blue}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web, env: prod}}
spec: {serviceAccountName: web, containers: [{name: main, ports: [{name: http, containerPort: 8080}]}]}
status: {podIP: 10.1.0.5}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {containers: [{name: main, ports: [{name: pg, containerPort: 5432}]}]}
status: {podIP: 10.1.0.6}
`,
  'workloads.yaml',
).resources;

const POLICIES = parseAllDocuments(`apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: security}
spec: {order: 100, defaultAction: Deny}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: security.g}
spec:
  tier: security
  order: 10
  selector: "app in {'db', 'web'}"
  namespaceSelector: "team == 'blue'"
  types: [Ingress, Egress]
  ingress:
  - action: Pass
    protocol: TCP
    source: {selector: "app == 'web'", namespaceSelector: all(), nets: [10.0.0.0/8]}
    destination: {ports: [pg, "8000:8100", 5432], notPorts: [1]}
  - action: Log
  egress:
  - action: Allow
    notProtocol: UDP
    destination: {notSelector: "has(env)", notNets: [192.168.0.0/16], serviceAccounts: {names: [web], selector: all()}}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: n, namespace: shop}
spec:
  order: 5
  selector: "app == 'db'"
  serviceAccountSelector: "projectcalico.org/name == 'default'"
  ingress: [{action: Allow, source: {selector: "env != 'prod'"}}, {action: Deny}]
`).map(d => d.toJSON());

function mutate(
  value: unknown,
  steps: number[],
  replacement: unknown,
): unknown {
  if (steps.length === 0 || value === null || typeof value !== 'object')
    return replacement;
  const keys = Object.keys(value as object);
  if (!keys.length) return replacement;
  const key = keys[steps[0] % keys.length];
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value)
    ? [...value]
    : { ...(value as Record<string, unknown>) };
  (copy as Record<string, unknown>)[key] = mutate(
    (copy as Record<string, unknown>)[key],
    steps.slice(1),
    replacement,
  );
  return copy;
}

describe('calico enforcer on mutated policies', () => {
  it('never throws, and explain agrees with connectivity', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: POLICIES.length - 1 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        fc.oneof(
          fc.jsonValue({ maxDepth: 2 }),
          fc.constantFrom(
            'all()',
            '',
            "x == 'y'",
            '!has(app)',
            'global()',
            'Pass',
            'Deny',
            'UDP',
            'http',
            '1:65535',
            Infinity,
          ),
        ),
        (which, steps, replacement) => {
          const docs = POLICIES.map((p, i) =>
            i === which ? mutate(p, steps, replacement) : p,
          );
          const resources: DecodedResource<KubeObject | UnknownObject>[] = [
            ...WORKLOADS,
            ...docs.flatMap(d => decodeObject(d).resources),
          ];
          const overlay = buildOverlay([
            { name: 'c1', resources, enforcer: 'calico' },
          ]);
          const conn = computeConnectivity(overlay);
          const refs = overlay.clusters[0].workloads.map(w => ({
            workload: w.ref,
          }));
          for (const from of refs)
            for (const to of [...refs, { entity: 'world' }]) {
              if (from === to) continue;
              for (const port of [5432, 8050, 80]) {
                const v = explainFlow(overlay, {
                  from,
                  to,
                  protocol: 'TCP',
                  port,
                });
                const c = conn.connections.find(
                  x =>
                    endpointKey(x.from) === endpointKey(from) &&
                    endpointKey(x.to) === endpointKey(to),
                );
                expect({
                  key: `${endpointKey(from)}>${endpointKey(to)}:${port}`,
                  allowed: !!c && connectionAllows(c, 'TCP', port),
                }).toEqual({
                  key: `${endpointKey(from)}>${endpointKey(to)}:${port}`,
                  allowed: v.allowed,
                });
              }
            }
        },
      ),
      { numRuns: Number(process.env.YTK_FUZZ_RUNS ?? 300) },
    );
  });
});
