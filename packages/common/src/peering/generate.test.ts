import { parse } from 'yaml';
import type {
  CiliumNetworkPolicy,
  NetworkPolicy,
  Overlay,
  PolicyObject,
} from '../model';
import { explainFlow } from '../verdict';
import { testOverlay, type TestCluster } from '../testing';
import {
  generatePeeringPolicies,
  PeeringGenerationError,
  withGeneratedPolicies,
} from './generate';
import { validatePeeringRequest } from './validate';
import { verifyPeering } from './verify';
import type { PeeringRequestInput } from './types';

/** Default deny both ways for every pod of a namespace (NetworkPolicy isolates on both enforcers). */
const denyAll = (namespace: string): NetworkPolicy => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'default-deny', namespace },
  spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
});

function cluster(
  name: string,
  opts: { cilium?: boolean; policies?: PolicyObject[]; id?: number } = {},
): TestCluster {
  return {
    name,
    cilium:
      opts.cilium === false
        ? undefined
        : { 'cluster-id': String(opts.id ?? 1), 'cilium-version': '1.18.0' },
    namespaces: { shop: {}, pay: {} },
    workloads: [
      { name: 'web', namespace: 'shop', labels: { app: 'web' } },
      {
        name: 'api',
        namespace: 'pay',
        labels: { app: 'api', 'pod-template-hash': 'x1' },
      },
      { name: 'api-canary', namespace: 'pay', labels: { app: 'api', v: '2' } },
      { name: 'other', namespace: 'shop', labels: { app: 'other' } },
    ],
    services: [{ name: 'api', namespace: 'pay', selector: { app: 'api' } }],
    policies: opts.policies ?? [denyAll('shop'), denyAll('pay')],
  };
}

function resolve(overlay: Overlay, input: Partial<PeeringRequestInput>) {
  const { request, errors } = validatePeeringRequest(
    {
      from: `${overlay.clusters[0].name}/shop/Deployment/web`,
      to: { workload: `${overlay.clusters[0].name}/pay/Deployment/api` },
      ports: [{ protocol: 'TCP', port: 8080 }],
      reason: 'web calls the api',
      ...input,
    },
    overlay,
  );
  expect(errors).toEqual([]);
  return request!;
}

const allowed = (
  overlay: Overlay,
  from: string,
  to: string,
  port: number,
): boolean => {
  const v = explainFlow(overlay, {
    from: { workload: from },
    to: { workload: to },
    port,
    protocol: 'TCP',
  });
  return v.allowed;
};

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof PeeringGenerationError) return e.code;
    throw e;
  }
  return undefined;
}

describe('generatePeeringPolicies', () => {
  it('opens both sides in one Cilium cluster, pinned to namespace and cluster', () => {
    const overlay = testOverlay([cluster('east')]);
    const request = resolve(overlay, {});
    const out = generatePeeringPolicies(request, overlay, {
      requestId: 'r1',
    });
    expect(out.policies.map(p => [p.cluster, p.side, p.object.kind])).toEqual([
      ['east', 'egress', 'CiliumNetworkPolicy'],
      ['east', 'ingress', 'CiliumNetworkPolicy'],
    ]);
    const ingress = out.policies[1].object as CiliumNetworkPolicy;
    expect(ingress.metadata.namespace).toBe('pay');
    // pod-template-hash is not an identity label: the selector must not rely on it
    // …and must exclude the canary (app=api,v=2) that app=api alone would also select
    expect(ingress.spec!.endpointSelector).toEqual({
      matchLabels: { app: 'api' },
      matchExpressions: [{ key: 'v', operator: 'DoesNotExist' }],
    });
    expect(ingress.spec!.ingress![0].fromEndpoints![0].matchLabels).toEqual({
      app: 'web',
      'k8s:io.kubernetes.pod.namespace': 'shop',
      'io.cilium.k8s.policy.cluster': 'east',
    });
    expect(JSON.stringify(out.policies)).not.toContain('authentication');
    expect(ingress.metadata.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'ytk',
      'ytk.io/peering-request': 'r1',
    });

    const after = withGeneratedPolicies(overlay, out.policies);
    const web = 'east/shop/Deployment/web';
    const api = 'east/pay/Deployment/api';
    expect(allowed(overlay, web, api, 8080)).toBe(false);
    expect(allowed(after, web, api, 8080)).toBe(true);
    expect(allowed(after, web, api, 8081)).toBe(false);
    expect(allowed(after, 'east/shop/Deployment/other', api, 8080)).toBe(false);
    expect(out.diff.removed).toEqual([]);
    expect(
      [...out.diff.added, ...out.diff.changed.map(c => c.after)].map(c => [
        c.from,
        c.to,
      ]),
    ).toEqual([[{ workload: web }, { workload: api }]]);
  });

  it('renders every policy as YAML that parses back to the objects', () => {
    const overlay = testOverlay([cluster('east')]);
    const out = generatePeeringPolicies(resolve(overlay, {}), overlay, {
      requestId: 'r1',
    });
    const docs = out.yaml
      .split(/^---$/m)
      .map(d => parse(d))
      .filter(Boolean);
    expect(docs).toEqual(out.policies.map(p => p.object));
    expect(out.yaml).toContain('# cluster: east (egress)');
  });

  it('pins peers to their cluster across ClusterMesh, without mutual auth', () => {
    const overlay = testOverlay([
      cluster('east', { id: 1 }),
      cluster('west', { id: 2 }),
    ]);
    const request = resolve(overlay, {
      to: { workload: 'west/pay/Deployment/api' },
    });
    const out = generatePeeringPolicies(request, overlay, {
      requestId: 'x',
    });
    expect(out.policies.map(p => [p.cluster, p.side])).toEqual([
      ['east', 'egress'],
      ['west', 'ingress'],
    ]);
    const egress = out.policies[0].object as CiliumNetworkPolicy;
    expect(egress.spec!.egress![0].toEndpoints![0].matchLabels).toMatchObject({
      'io.cilium.k8s.policy.cluster': 'west',
    });
    const ingress = out.policies[1].object as CiliumNetworkPolicy;
    expect(
      ingress.spec!.ingress![0].fromEndpoints![0].matchLabels,
    ).toMatchObject({ 'io.cilium.k8s.policy.cluster': 'east' });
    expect(JSON.stringify(out.policies)).not.toContain('authentication');
    const after = withGeneratedPolicies(overlay, out.policies);
    expect(
      allowed(
        after,
        'east/shop/Deployment/web',
        'west/pay/Deployment/api',
        8080,
      ),
    ).toBe(true);
    // the same workload in the other cluster stays closed
    expect(
      allowed(
        after,
        'east/shop/Deployment/web',
        'east/pay/Deployment/api',
        8080,
      ),
    ).toBe(false);
  });

  it('generates NetworkPolicies on a Kubernetes-enforced cluster', () => {
    const overlay = testOverlay([cluster('kind', { cilium: false })]);
    expect(overlay.clusters[0].enforcer).toBe('kubernetes');
    const out = generatePeeringPolicies(
      resolve(overlay, {
        ports: [{ protocol: 'TCP', port: 8000, endPort: 8010 }],
      }),
      overlay,
      { requestId: 'k' },
    );
    expect(out.policies.map(p => p.object.kind)).toEqual([
      'NetworkPolicy',
      'NetworkPolicy',
    ]);
    const ingress = out.policies[1].object as NetworkPolicy;
    expect(ingress.spec!.policyTypes).toEqual(['Ingress']);
    expect(ingress.spec!.ingress![0]).toEqual({
      from: [
        {
          namespaceSelector: {
            matchLabels: { 'kubernetes.io/metadata.name': 'shop' },
          },
          podSelector: { matchLabels: { app: 'web' } },
        },
      ],
      ports: [{ protocol: 'TCP', port: 8000, endPort: 8010 }],
    });
    const after = withGeneratedPolicies(overlay, out.policies);
    const [w, a] = ['kind/shop/Deployment/web', 'kind/pay/Deployment/api'];
    expect(allowed(after, w, a, 8005)).toBe(true);
    expect(allowed(after, w, a, 8011)).toBe(false);
  });

  it('refuses a cross-cluster request when an enforcer cannot select remote peers', () => {
    const overlay = testOverlay([
      cluster('east', { id: 1 }),
      cluster('kind', { cilium: false }),
    ]);
    const request = resolve(overlay, {
      to: { workload: 'kind/pay/Deployment/api' },
    });
    expect(
      codeOf(() =>
        generatePeeringPolicies(request, overlay, { requestId: 'x' }),
      ),
    ).toBe('not-expressible');
  });

  it('covers every workload behind a target service', () => {
    const overlay = testOverlay([cluster('east')]);
    const request = resolve(overlay, { to: { service: 'east/pay/api' } });
    expect(request.targets).toHaveLength(2);
    const out = generatePeeringPolicies(request, overlay, { requestId: 's' });
    expect(out.policies.map(p => p.side)).toEqual([
      'egress',
      'ingress',
      'ingress',
    ]);
    const egress = out.policies[0].object as CiliumNetworkPolicy;
    expect(egress.spec!.egress).toHaveLength(2);
    const after = withGeneratedPolicies(overlay, out.policies);
    for (const t of request.targets)
      expect(allowed(after, 'east/shop/Deployment/web', t, 8080)).toBe(true);
  });

  it('generates nothing on a side that is not isolated', () => {
    // only the target namespace is isolated: the source may already send anything
    const overlay = testOverlay([
      cluster('east', { policies: [denyAll('pay')] }),
    ]);
    const out = generatePeeringPolicies(resolve(overlay, {}), overlay, {
      requestId: 'n',
    });
    expect(out.policies.map(p => [p.side, p.namespace])).toEqual([
      ['ingress', 'pay'],
    ]);
  });

  it('reports an already-allowed request', () => {
    const overlay = testOverlay([cluster('east', { policies: [] })]);
    expect(
      codeOf(() =>
        generatePeeringPolicies(resolve(overlay, {}), overlay, {
          requestId: 'a',
        }),
      ),
    ).toBe('already-allowed');
  });

  it('fails verification when a deny rule blocks the flow', () => {
    const deny: CiliumNetworkPolicy = {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: 'no-web', namespace: 'pay' },
      spec: {
        endpointSelector: { matchLabels: { app: 'api' } },
        ingressDeny: [
          {
            fromEndpoints: [
              {
                matchLabels: {
                  app: 'web',
                  'k8s:io.kubernetes.pod.namespace': 'shop',
                },
              },
            ],
          },
        ],
      },
    };
    const overlay = testOverlay([
      cluster('east', {
        policies: [denyAll('shop'), denyAll('pay'), deny],
      }),
    ]);
    let error: unknown;
    try {
      generatePeeringPolicies(resolve(overlay, {}), overlay, {
        requestId: 'd',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PeeringGenerationError);
    expect((error as PeeringGenerationError).code).toBe('verification-failed');
    expect((error as Error).message).toMatch(/would still not allow TCP\/8080/);
  });

  it('opens only the ports not already open when some are', () => {
    const partial: NetworkPolicy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'web-to-api-80', namespace: 'pay' },
      spec: {
        podSelector: { matchLabels: { app: 'api' } },
        ingress: [{ ports: [{ protocol: 'TCP', port: 80 }] }],
      },
    };
    const overlay = testOverlay([
      cluster('east', { policies: [denyAll('pay'), partial] }),
    ]);
    const request = resolve(overlay, {
      ports: [
        { protocol: 'TCP', port: 80 },
        { protocol: 'TCP', port: 8080 },
      ],
    });
    const out = generatePeeringPolicies(request, overlay, { requestId: 'p' });
    const v = verifyPeering(
      request,
      overlay,
      withGeneratedPolicies(overlay, out.policies),
    );
    expect(v.ok).toBe(true);
    expect(out.diff.changed).toHaveLength(1);
  });
});
