/*
 * Seeded synthetic overlays for benchmarks and scale tests: Cilium clusters
 * (alternating 1.18 / 1.19 defaults), namespaces with team labels, workloads with
 * app/tier labels and named ports, and a mix of NP, CNP and CCNP policies.
 */
import type { Overlay, PolicyObject } from '../model';
import { testOverlay, type TestCluster } from './overlayBuilder';

export interface SyntheticOptions {
  seed: number;
  clusters: number;
  namespaces: number;
  workloads: number;
  policies: number;
}

/** mulberry32: small, fast, deterministic. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TIERS = ['frontend', 'backend', 'data'];

export function generateSyntheticOverlay(options: SyntheticOptions): Overlay {
  const r = rng(options.seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const clusters: TestCluster[] = [];
  for (let c = 0; c < options.clusters; c++) {
    const namespaces: Record<string, Record<string, string>> = {};
    for (let n = 0; n < options.namespaces; n++)
      namespaces[`ns${n}`] = { team: `team${n % 7}` };
    clusters.push({
      name: `c${c + 1}`,
      cilium: {
        'cilium-version': c % 2 ? '1.18.4' : '1.19.1',
        'cluster-id': String(c + 1),
      },
      namespaces,
      workloads: [],
      policies: [],
    });
  }
  const apps: Array<{ cluster: number; ns: string; app: string }> = [];
  for (let i = 0; i < options.workloads; i++) {
    const cluster = i % options.clusters;
    const ns = `ns${Math.floor(r() * options.namespaces)}`;
    const app = `app${Math.floor(i / 2)}`; // pairs of workloads share an app (canary/stable)
    apps.push({ cluster, ns, app });
    clusters[cluster].workloads!.push({
      name: `w${i}`,
      namespace: ns,
      labels: {
        app,
        tier: pick(TIERS),
        track: i % 2 ? 'canary' : 'stable',
        'pod-template-hash': `h${i}`,
      },
      serviceAccount: app,
      ports: [{ name: 'http', port: pick([80, 8080]), protocol: 'TCP' }],
    });
  }
  for (let p = 0; p < options.policies; p++) {
    const target = pick(apps);
    const peer = pick(apps);
    const cluster = clusters[target.cluster];
    const port = pick(['80', '443', '8080', 'http', '5432']);
    const kind = r();
    let obj: PolicyObject;
    const peerSel = {
      matchLabels: {
        app: peer.app,
        ...(peer.cluster !== target.cluster
          ? { 'io.cilium.k8s.policy.cluster': `c${peer.cluster + 1}` }
          : {}),
        ...(peer.ns !== target.ns
          ? { 'k8s:io.kubernetes.pod.namespace': peer.ns }
          : {}),
      },
    };
    if (kind < 0.4) {
      obj = {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: `np${p}`, namespace: target.ns },
        spec: {
          podSelector: { matchLabels: { app: target.app } },
          ingress: [
            {
              from: [{ podSelector: { matchLabels: { tier: pick(TIERS) } } }],
              ports: [{ port: /^\d+$/.test(port) ? Number(port) : port }],
            },
          ],
        },
      };
    } else if (kind < 0.9) {
      obj = {
        apiVersion: 'cilium.io/v2',
        kind: 'CiliumNetworkPolicy',
        metadata: { name: `cnp${p}`, namespace: target.ns },
        spec: {
          endpointSelector: { matchLabels: { app: target.app } },
          ingress: [
            {
              fromEndpoints: [peerSel],
              toPorts: [{ ports: [{ port, protocol: 'TCP' }] }],
            },
          ],
          ...(r() < 0.3
            ? {
                egress: [
                  { toEndpoints: [peerSel] },
                  {
                    toEntities: ['world'],
                    toPorts: [{ ports: [{ port: '443' }] }],
                  },
                ],
              }
            : {}),
          ...(r() < 0.1 ? { ingressDeny: [{ fromEntities: ['world'] }] } : {}),
        },
      };
    } else {
      obj = {
        apiVersion: 'cilium.io/v2',
        kind: 'CiliumClusterwideNetworkPolicy',
        metadata: { name: `ccnp${p}` },
        spec: {
          endpointSelector: { matchLabels: { tier: pick(TIERS) } },
          egress: [
            {
              toEntities: ['cluster'],
              toPorts: [{ ports: [{ port: '53', protocol: 'UDP' }] }],
            },
            { toEndpoints: [{ matchLabels: { tier: pick(TIERS) } }] },
          ],
        },
      };
    }
    cluster.policies!.push(obj);
  }
  return testOverlay(clusters);
}
