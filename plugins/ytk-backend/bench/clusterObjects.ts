import type { KubeObject } from '@ytknetwork/kube-api-test-server';

/** Sizes of one bench run; `--scale=production` (or YTK_BENCH_SCALE) selects the size. */
export interface BenchScale {
  name: string;
  clusters: number;
  namespaces: number;
  /** Workloads (bare pods) per cluster. */
  pods: number;
  /** Policies per cluster, half NetworkPolicy, half CiliumNetworkPolicy. */
  policies: number;
  /**
   * Every namespace denies ingress by default (one more NetworkPolicy each), so connectivity is
   * what the policies allow. Without it every pod reaches every other across the mesh: the
   * connectivity grows with the square of the workloads (about 290,000 connections touch one
   * team at the default scale), past what the backend can hold at the production size.
   */
  defaultDeny: boolean;
}

export const SCALES: Record<string, BenchScale> = {
  // Short: what `npm run bench` runs by default.
  default: {
    name: 'default',
    clusters: 10,
    namespaces: 8,
    pods: 120,
    policies: 40,
    defaultDeny: false,
  },
  // Issue 13: 10 clusters, 3,000 workloads and 3,000 policies in all.
  production: {
    name: 'production',
    clusters: 10,
    namespaces: 20,
    pods: 300,
    policies: 300,
    defaultDeny: true,
  },
};

/** The scale named by `--scale=<name>` or YTK_BENCH_SCALE; YTK_BENCH_PODS / _POLICIES override. */
export function benchScale(argv = process.argv, env = process.env): BenchScale {
  const arg = argv
    .find(a => a.startsWith('--scale='))
    ?.slice('--scale='.length);
  const name = arg ?? env.YTK_BENCH_SCALE ?? 'default';
  const scale = SCALES[name];
  if (!scale)
    throw new Error(
      `unknown bench scale '${name}' (one of ${Object.keys(SCALES).join(', ')})`,
    );
  const n = (v: string | undefined, d: number) => (v ? Number(v) : d);
  return {
    ...scale,
    pods: n(env.YTK_BENCH_PODS, scale.pods),
    policies: n(env.YTK_BENCH_POLICIES, scale.policies),
    defaultDeny: env.YTK_BENCH_DEFAULT_DENY
      ? env.YTK_BENCH_DEFAULT_DENY === '1'
      : scale.defaultDeny,
  };
}

/** Apps per cluster: four pods each, so a team's five apps are a fixed share of the cluster. */
export const appsOf = (scale: BenchScale) =>
  Math.max(5, Math.floor(scale.pods / 4));

export function benchPod(
  scale: BenchScale,
  name: string,
  p: number,
): KubeObject {
  const app = `app${p % appsOf(scale)}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: `ns${p % scale.namespaces}`,
      labels: { app, 'backstage.io/kubernetes-id': app },
    },
    spec: {
      containers: [
        {
          name: 'c',
          image: 'x',
          ports: [{ containerPort: 8080, name: 'http' }],
        },
      ],
    },
  };
}

/** One cluster's objects: its Cilium config, namespaces, pods and policies. */
export function clusterObjects(scale: BenchScale, c: number): object[] {
  const apps = appsOf(scale);
  const out: object[] = [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cilium-config', namespace: 'kube-system' },
      data: { 'cluster-name': `c${c}`, 'cluster-id': String(c) },
    },
  ];
  for (let n = 0; n < scale.namespaces; n++) {
    out.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: `ns${n}` },
    });
    if (scale.defaultDeny)
      out.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'default-deny-ingress', namespace: `ns${n}` },
        spec: { podSelector: {}, policyTypes: ['Ingress'] },
      });
  }
  for (let p = 0; p < scale.pods; p++) out.push(benchPod(scale, `w${p}`, p));
  for (let i = 0; i < scale.policies; i++) {
    const ns = `ns${i % scale.namespaces}`;
    out.push(
      i % 2
        ? {
            apiVersion: 'networking.k8s.io/v1',
            kind: 'NetworkPolicy',
            metadata: { name: `np${i}`, namespace: ns },
            spec: {
              podSelector: { matchLabels: { app: `app${i % apps}` } },
              policyTypes: ['Ingress'],
              ingress: [
                {
                  from: [
                    {
                      podSelector: {
                        matchLabels: { app: `app${(i + 1) % apps}` },
                      },
                    },
                  ],
                  ports: [{ port: 8080 }],
                },
              ],
            },
          }
        : {
            apiVersion: 'cilium.io/v2',
            kind: 'CiliumNetworkPolicy',
            metadata: { name: `cnp${i}`, namespace: ns },
            spec: {
              endpointSelector: { matchLabels: { app: `app${i % apps}` } },
              egress: [
                {
                  toEndpoints: [
                    { matchLabels: { app: `app${(i + 3) % apps}` } },
                  ],
                  toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }],
                },
              ],
            },
          },
    );
  }
  return out;
}
