/*
 * Property: for random small overlays and random valid requests, generation either refuses with a
 * PeeringGenerationError, or its policies open the requested flows and change nothing else.
 */
import fc from 'fast-check';
import type { NetworkPolicy, PolicyObject, Protocol } from '../model';
import { explainFlow } from '../verdict';
import { testOverlay, type TestCluster } from '../testing';
import {
  generatePeeringPolicies,
  PeeringGenerationError,
  withGeneratedPolicies,
} from './generate';
import { validatePeeringRequest } from './validate';
import { verifyPeering } from './verify';

const NAMESPACES = ['a', 'b'];

const workloadArb = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  app: fc.constantFrom('web', 'db', 'api'),
  v: fc.option(fc.constantFrom('1', '2'), { nil: undefined }),
});

const SPECS: Record<
  string,
  (app: string, port: number) => NetworkPolicy['spec']
> = {
  deny: () => ({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
  'egress-deny': app => ({
    podSelector: { matchLabels: { app } },
    policyTypes: ['Egress'],
  }),
  'allow-app': (app, port) => ({
    podSelector: { matchLabels: { app } },
    ingress: [
      { from: [{ podSelector: {} }], ports: [{ protocol: 'TCP', port }] },
    ],
  }),
};

const policyArb = (ns: string): fc.Arbitrary<NetworkPolicy> =>
  fc
    .record({
      kind: fc.constantFrom('deny', 'allow-app', 'egress-deny'),
      app: fc.constantFrom('web', 'db', 'api'),
      port: fc.constantFrom(80, 8080),
    })
    .map(({ kind, app, port }, i = 0) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `${kind}-${app}-${port}-${i}`, namespace: ns },
      spec: SPECS[kind](app, port),
    }));

const clusterArb = (name: string, id: number): fc.Arbitrary<TestCluster> =>
  fc
    .record({
      cilium: fc.boolean(),
      workloads: fc.array(workloadArb, { minLength: 1, maxLength: 4 }),
      policies: fc.array(
        fc.constantFrom(...NAMESPACES).chain(ns => policyArb(ns)),
        { maxLength: 4 },
      ),
    })
    .map(r => ({
      name,
      cilium: r.cilium
        ? { 'cluster-id': String(id), 'cilium-version': '1.18.0' }
        : undefined,
      namespaces: Object.fromEntries(NAMESPACES.map(n => [n, {}])),
      workloads: r.workloads.map((w, i) => ({
        name: `w${i}`,
        namespace: w.namespace,
        labels: { app: w.app, ...(w.v ? { v: w.v } : {}) },
      })),
      policies: r.policies.map((p, i): PolicyObject => ({
        ...p,
        metadata: { ...p.metadata, name: `${p.metadata.name}-${i}` },
      })),
      services: [{ name: 'svc', namespace: 'a', selector: { app: 'api' } }],
    }));

const portsArb = fc.array(
  fc.record({
    protocol: fc.constantFrom<Protocol>('TCP', 'UDP'),
    port: fc.constantFrom(53, 80, 8080, 9000),
    span: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
  }),
  { minLength: 1, maxLength: 3 },
);

describe('peering generation property', () => {
  it('either refuses or opens exactly the requested flows', () => {
    let generated = 0;
    fc.assert(
      fc.property(
        fc.tuple(clusterArb('c1', 1), fc.option(clusterArb('c2', 2))),
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        portsArb,
        ([c1, c2], fromIdx, toIdx, viaService, ports) => {
          const overlay = testOverlay(c2 ? [c1, c2] : [c1]);
          const all = overlay.clusters.flatMap(c => c.workloads);
          const from = all[fromIdx % all.length];
          const to = all[toIdx % all.length];
          const { request } = validatePeeringRequest(
            {
              from: from.ref,
              to: viaService
                ? { service: `${to.cluster}/a/svc` }
                : { workload: to.ref },
              ports: ports.map(p => ({
                protocol: p.protocol,
                port: p.port,
                ...(p.span !== undefined ? { endPort: p.port + p.span } : {}),
              })),
              reason: 'property',
            },
            overlay,
          );
          fc.pre(request !== undefined);
          let out;
          try {
            out = generatePeeringPolicies(request!, overlay, {
              requestId: 'prop',
            });
          } catch (e) {
            // Allow rules only add (no deny rules here), so a correct generator never fails its
            // own verification: refusing is for already-allowed or not-expressible requests.
            if (
              e instanceof PeeringGenerationError &&
              e.code !== 'verification-failed'
            ) {
              return;
            }
            throw e;
          }
          generated++;
          const after = withGeneratedPolicies(overlay, out.policies);
          const v = verifyPeering(request!, overlay, after);
          expect(v.problems).toEqual([]);
          expect(v.ok).toBe(true);
          // independent of verifyPeering: the diff only touches from → targets
          expect(out.diff.removed).toEqual([]);
          for (const c of [
            ...out.diff.added,
            ...out.diff.changed.map(x => x.after),
          ]) {
            expect(c.from).toEqual({ workload: request!.from });
            expect(request!.targets).toContain(
              (c.to as { workload: string }).workload,
            );
          }
          // and every requested port is now allowed to every target
          for (const t of request!.targets)
            for (const p of request!.ports)
              expect(
                explainFlow(after, {
                  from: { workload: request!.from },
                  to: { workload: t },
                  port: p.endPort ?? p.port,
                  protocol: p.protocol,
                }).allowed,
              ).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
    // the property must not hold vacuously
    expect(generated).toBeGreaterThan(30);
  });
});
