/*
 * Builds overlays for tests from plain objects: real Kubernetes-shaped objects
 * through the real buildOverlay, no decoder needed.
 */
import type {
  ClusterSnapshot,
  Controller,
  DecodedResource,
  EnforcerKind,
  KubeObject,
  NamedPort,
  Overlay,
  PolicyObject,
  Service,
} from '../model';
import { buildOverlay } from '../overlay';

export interface TestWorkload {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  serviceAccount?: string;
  ports?: NamedPort[];
  ips?: string[];
  hostNetwork?: boolean;
}

export interface TestCluster {
  name: string;
  /** cilium-config data (cluster-name defaults to the cluster name); omit for a Kubernetes-enforced cluster. */
  cilium?: Record<string, string>;
  namespaces?: Record<string, Record<string, string>>;
  workloads?: TestWorkload[];
  policies?: PolicyObject[];
  /** Other objects as they are (e.g. Calico Tiers). */
  objects?: KubeObject[];
  /** Force the enforcer (default: detected, as buildOverlay does). */
  enforcer?: EnforcerKind;
  services?: Array<{
    name: string;
    namespace?: string;
    selector?: Record<string, string>;
    annotations?: Record<string, string>;
  }>;
}

const res = (object: KubeObject): DecodedResource => ({ object });

export function testSnapshot(c: TestCluster): ClusterSnapshot {
  const resources: DecodedResource[] = [];
  if (c.cilium) {
    resources.push(
      res({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'cilium-config', namespace: 'kube-system' },
        data: { 'cluster-name': c.name, ...c.cilium },
      }),
    );
  }
  for (const [name, labels] of Object.entries(c.namespaces ?? {})) {
    resources.push(
      res({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } }),
    );
  }
  for (const w of c.workloads ?? []) {
    const deployment: Controller = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: w.name, namespace: w.namespace ?? 'default' },
      spec: {
        replicas: 1,
        selector: { matchLabels: w.labels ?? {} },
        template: {
          metadata: { labels: w.labels ?? {} },
          spec: {
            serviceAccountName: w.serviceAccount,
            hostNetwork: w.hostNetwork,
            containers: [
              {
                name: 'main',
                ports: (w.ports ?? []).map(p => ({
                  name: p.name,
                  containerPort: p.port,
                  protocol: p.protocol,
                })),
              },
            ],
          },
        },
      },
    };
    resources.push(res(deployment));
  }
  for (const s of c.services ?? []) {
    const svc: Service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: s.name,
        namespace: s.namespace ?? 'default',
        annotations: s.annotations,
      },
      spec: { selector: s.selector, ports: [{ port: 80 }] },
    };
    resources.push(res(svc));
  }
  for (const p of c.policies ?? []) resources.push(res(p));
  for (const o of c.objects ?? []) resources.push(res(o));
  return {
    name: c.name,
    resources,
    ...(c.enforcer ? { enforcer: c.enforcer } : {}),
  };
}

/** An overlay from plain test clusters; workload IPs are patched in (controllers carry no pod IPs). */
export function testOverlay(clusters: TestCluster[], version = 1): Overlay {
  const overlay = buildOverlay(clusters.map(testSnapshot), { version });
  for (const c of clusters) {
    const state = overlay.clusters.find(x => x.name === c.name)!;
    for (const w of c.workloads ?? []) {
      const wl = state.workloads.find(
        x => x.name === w.name && x.namespace === (w.namespace ?? 'default'),
      );
      if (wl && w.ips) wl.ips = [...w.ips];
    }
  }
  return overlay;
}
