import type { DecodedResource, KubeObject } from '../model';
import { buildOverlay } from './buildOverlay';
import { parseCiliumConfig } from './ciliumConfig';
import { findWorkload, parseWorkloadRef, workloadRef } from './workloadRef';

const r = (object: unknown) => ({ object }) as DecodedResource<KubeObject>;
const tmpl = (labels: Record<string, string>) => ({
  metadata: { labels },
  spec: {
    containers: [{ name: 'm', ports: [{ name: 'http', containerPort: 8080 }] }],
  },
});

describe('buildOverlay', () => {
  const overlay = buildOverlay([
    {
      name: 'c1',
      resources: [
        r({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'cilium-config', namespace: 'kube-system' },
          data: { 'cluster-name': 'east', 'cilium-version': '1.19.0' },
        }),
        r({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'shop', labels: { team: 'a' } },
        }),
        r({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web', namespace: 'shop' },
          spec: { template: tmpl({ app: 'web' }) },
        }),
        r({
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          metadata: {
            name: 'web-1',
            namespace: 'shop',
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'Deployment',
                name: 'web',
                controller: true,
              },
            ],
          },
          spec: { template: tmpl({ app: 'web' }) },
        }),
        r({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: 'web-1-a',
            namespace: 'shop',
            labels: { app: 'web' },
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'ReplicaSet',
                name: 'web-1',
                controller: true,
              },
            ],
          },
          spec: { containers: [] },
          status: { podIP: '10.0.0.1' },
        }),
        r({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: 'web-1-b',
            namespace: 'shop',
            labels: { app: 'web' },
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'ReplicaSet',
                name: 'web-1',
                controller: true,
              },
            ],
          },
          spec: { containers: [] },
        }),
        r({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: 'debug',
            namespace: 'tools',
            labels: { run: 'debug' },
          },
          spec: { containers: [] },
        }),
        r({
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          metadata: { name: 'backup', namespace: 'shop' },
          spec: {
            jobTemplate: { spec: { template: tmpl({ job: 'backup' }) } },
          },
        }),
        r({
          apiVersion: 'v1',
          kind: 'Service',
          metadata: {
            name: 'web',
            namespace: 'shop',
            annotations: { 'service.cilium.io/global': 'true' },
          },
          spec: { selector: { app: 'web' } },
        }),
        r({
          apiVersion: 'example.com/v1',
          kind: 'Widget',
          metadata: { name: 'w' },
        }),
      ],
    },
  ]);
  const c = overlay.clusters[0];
  it('groups pods by their top owner and keeps bare pods and pod-less controllers', () => {
    expect(
      c.workloads.map(w => `${w.kind}/${w.name}:${w.podCount}`).sort(),
    ).toEqual(['CronJob/backup:1', 'Deployment/web:2', 'Pod/debug:1']);
    const web = c.workloads.find(w => w.name === 'web')!;
    expect(web.ref).toBe('c1/shop/Deployment/web');
    expect(web.ips).toEqual(['10.0.0.1']);
    expect(web.namespaceLabels).toEqual({
      team: 'a',
      'kubernetes.io/metadata.name': 'shop',
    });
    expect(c.workloads.find(w => w.name === 'backup')!.ports).toEqual([
      { name: 'http', port: 8080, protocol: 'TCP' },
    ]);
    expect(c.workloads.find(w => w.name === 'debug')!.namespaceLabels).toEqual({
      'kubernetes.io/metadata.name': 'tools',
    });
  });
  it('detects cilium, services and unknown kinds', () => {
    expect(c.enforcer).toBe('cilium');
    expect(c.cilium?.clusterName).toBe('east');
    expect(c.services[0]).toMatchObject({
      global: true,
      shared: true,
      workloads: ['c1/shop/Deployment/web'],
    });
    expect(c.unknown.map(u => u.object.kind)).toEqual(['Widget']);
  });
  it('finds workloads by ref or short name', () => {
    expect(findWorkload(overlay, 'shop/web')?.kind).toBe('Deployment');
    expect(findWorkload(overlay, 'debug')?.namespace).toBe('tools');
    expect(findWorkload(overlay, 'nope')).toBeUndefined();
    expect(parseWorkloadRef(workloadRef('c', 'n', 'Pod', 'p'))).toEqual({
      cluster: 'c',
      namespace: 'n',
      kind: 'Pod',
      name: 'p',
    });
  });
});

describe('parseCiliumConfig', () => {
  it('applies version-dependent defaults', () => {
    const v18 = parseCiliumConfig({ 'cilium-version': '1.18.3' });
    const v19 = parseCiliumConfig({ 'cilium-version': '1.19.0' });
    expect([v18.policyDefaultLocalCluster, v18.meshAuthEnabled]).toEqual([
      false,
      true,
    ]);
    expect([v19.policyDefaultLocalCluster, v19.meshAuthEnabled]).toEqual([
      true,
      false,
    ]);
    expect([v19.clusterName, v19.clusterId]).toEqual(['default', 0]);
    expect(
      parseCiliumConfig({
        'cilium-version': '1.19.0',
        'policy-default-local-cluster': 'false',
      }).policyDefaultLocalCluster,
    ).toBe(false);
    expect(
      parseCiliumConfig({ labels: 'k8s:app !k8s:io.kubernetes' })
        .identityLabelFilter,
    ).toEqual(['k8s:app', '!k8s:io.kubernetes']);
  });
});
