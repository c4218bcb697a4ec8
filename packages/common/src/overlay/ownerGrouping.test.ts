import { decodeText } from '../resources/decode';
import { buildOverlay } from './buildOverlay';

const pod = (name: string, labels: string, ports = '[]', owner = 'web-1') =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: shop\n  labels: {${labels}}\n  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: ${owner}, controller: true}]\nspec:\n  containers: [{name: c, ports: ${ports}}]`;

const workloads = (...docs: string[]) =>
  buildOverlay([
    {
      name: 'c',
      resources: decodeText(docs.join('\n---\n'), 'p.yaml').resources,
    },
  ]).clusters[0].workloads;

/* Owner grouping as np-guard netpol-analyzer does it (docs/ingestion.md, "Owner grouping"). */
describe('owner grouping', () => {
  it('pods of one owner with different labels are separate workloads (owner variants)', () => {
    const w = workloads(
      pod('a', 'app: web, track: stable'),
      pod('b', 'track: stable, app: web'),
      pod('c', 'app: web, track: canary'),
    );
    expect(w.map(x => [x.ref, x.labels.track, x.podCount])).toEqual([
      ['c/shop/ReplicaSet/web-1', 'stable', 2],
      ['c/shop/ReplicaSet/web-1~2', 'canary', 1],
    ]);
  });

  it('a named port declared on only some pods of a workload still resolves for it', () => {
    const w = workloads(
      pod('a', 'app: web', '[{name: http, containerPort: 8080}]'),
      pod('b', 'app: web', '[{name: metrics, containerPort: 9090}]'),
    );
    expect(w).toHaveLength(1);
    expect(w[0].ports.map(p => p.name).sort()).toEqual(['http', 'metrics']);
  });

  it('a bare Pod keeps its own ports; a template-only controller takes the template ports', () => {
    const w = workloads(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: solo, namespace: shop}\nspec: {containers: [{name: c, ports: [{containerPort: 1}]}]}',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: shop}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec: {containers: [{name: c, ports: [{containerPort: 2, protocol: UDP}]}]}',
    );
    expect(w.map(x => [x.ref, x.ports])).toEqual([
      ['c/shop/Deployment/d', [{ port: 2, protocol: 'UDP' }]],
      ['c/shop/Pod/solo', [{ port: 1, protocol: 'TCP' }]],
    ]);
  });
});
