import { stringify } from 'yaml';
import type { KubeObject, Overlay } from '../model';

/**
 * The input objects of an overlay (e.g. a synthetic one), as each cluster's manifests would hold
 * them: the cilium-config ConfigMap, Namespaces, one Deployment per workload, the policies.
 * Benchmarks and tests feed them through the real decoders and sources.
 */
export function overlayManifests(
  overlay: Overlay,
): Array<{ cluster: string; objects: KubeObject[] }> {
  return overlay.clusters.map(c => {
    const objects: KubeObject[] = [];
    if (c.cilium)
      objects.push({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'cilium-config', namespace: 'kube-system' },
        data: c.cilium.raw,
      });
    for (const ns of c.namespaces)
      objects.push({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns.name, labels: ns.labels },
      });
    for (const w of c.workloads)
      objects.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: w.name, namespace: w.namespace },
        spec: {
          replicas: w.podCount,
          selector: { matchLabels: w.labels },
          template: {
            metadata: { labels: w.labels },
            spec: {
              serviceAccountName: w.serviceAccount,
              containers: [
                {
                  name: 'main',
                  image: 'registry.example/app:1',
                  ports: w.ports.map(p => ({
                    name: p.name,
                    containerPort: p.port,
                    protocol: p.protocol,
                  })),
                },
              ],
            },
          },
        },
      });
    for (const p of c.policies) objects.push(p.object);
    return { cluster: c.name, objects };
  });
}

/** `overlayManifests` as one multi-document YAML text per cluster. */
export function overlayManifestsYaml(
  overlay: Overlay,
): Array<{ cluster: string; text: string }> {
  return overlayManifests(overlay).map(({ cluster, objects }) => ({
    cluster,
    text: objects.map(o => stringify(o)).join('---\n'),
  }));
}
