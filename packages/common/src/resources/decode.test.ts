import { decodeDocument, decodeObject, decodeText } from './decode';
import { parseYamlDocuments } from '../yaml/parse';
import { summarize } from './testing';

describe('decodeText', () => {
  it('decodes every supported kind from one multi-document file', () => {
    const text = [
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {team: a}}',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec:\n  serviceAccountName: sa\n  containers: [{name: c, image: x, ports: [{name: http, containerPort: 8080}]}]\n  volumes: []\nstatus: {podIP: 10.0.0.1}',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {app: d}}\n  strategy: {}\n  template:\n    metadata: {labels: {app: d}}\n    spec: {containers: [{name: c}]}',
      ...['ReplicaSet', 'StatefulSet', 'DaemonSet'].map(
        k =>
          `apiVersion: apps/v1\nkind: ${k}\nmetadata: {name: x}\nspec: {selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c}]}}}`,
      ),
      'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec: {template: {spec: {containers: [{name: c}], restartPolicy: Never}}}',
      'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: cj}\nspec: {schedule: "* * * * *", jobTemplate: {spec: {template: {spec: {containers: [{name: c}]}}}}}',
      'apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\nspec: {selector: {a: b}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c}]}}}',
      'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: {a: b}, ports: [{port: 80, targetPort: http}], type: ClusterIP}',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cilium-config, namespace: kube-system}\ndata: {cluster-name: c1, cluster-id: "1"}',
      'apiVersion: spire.spiffe.io/v1alpha1\nkind: ClusterSPIFFEID\nmetadata: {name: default}\nspec:\n  spiffeIDTemplate: "spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}"\n  podSelector: {matchLabels: {spiffe: "on"}}\n  federatesWith: [other.org]',
      'apiVersion: spire.spiffe.io/v1alpha1\nkind: ClusterFederatedTrustDomain\nmetadata: {name: other}\nspec:\n  trustDomain: other.org\n  bundleEndpointURL: https://bundle.other.org:8443\n  bundleEndpointProfile: {type: https_spiffe, endpointSPIFFEID: spiffe://other.org/spire/server}',
    ].join('\n---\n');
    const r = decodeText(text, 'all.yaml');
    expect(summarize(r.problems)).toEqual([]);
    expect(r.resources.map(x => x.object.kind)).toEqual([
      'Namespace',
      'Pod',
      'Deployment',
      'ReplicaSet',
      'StatefulSet',
      'DaemonSet',
      'Job',
      'CronJob',
      'ReplicationController',
      'Service',
      'ConfigMap',
      'ClusterSPIFFEID',
      'ClusterFederatedTrustDomain',
    ]);
    // Unmodelled pod fields are kept, not reported.
    expect(r.resources[1].object).toMatchObject({
      spec: { volumes: [] },
      status: { podIP: '10.0.0.1' },
    });
    expect(r.resources[1].source).toEqual({
      uri: 'all.yaml',
      range: expect.objectContaining({ start: { line: 4, character: 0 } }),
    });
  });

  it('unwraps Lists and takes kind/apiVersion of items from the list', () => {
    const r = decodeText(
      '{"apiVersion":"cilium.io/v2","kind":"CiliumNetworkPolicyList","items":[\n {"metadata":{"name":"a"},"spec":{"endpointSelector":{},"ingress":[{"fromEntities":["wrld"]}]}}]}',
      'list.json',
    );
    expect(r.resources[0].object).toMatchObject({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
    });
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({
      code: 'invalid-value',
      path: ['spec', 'ingress', 0, 'fromEntities', 0],
      range: {
        start: { line: 1, character: 84 },
        end: { line: 1, character: 90 },
      },
    });
  });

  it('keeps unknown kinds with an info problem', () => {
    const r = decodeText(
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {x: 1}',
      'w.yaml',
    );
    expect(r.resources[0]).toMatchObject({
      unknownKind: true,
      object: { kind: 'Widget', spec: { x: 1 } },
    });
    expect(summarize(r.problems)).toEqual(['info unknown-kind kind']);
  });

  it('skips a document without apiVersion or kind with a note; reports missing metadata', () => {
    const skipped = decodeText('metadata: {}\nspec: {}', 'x.yaml');
    expect(summarize(skipped.problems)).toEqual(['info not-kubernetes ']);
    expect(skipped.resources).toEqual([]);
    const r = decodeText(
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nspec: {}',
      'x.yaml',
    );
    expect(summarize(r.problems)).toEqual(['error missing-field metadata']);
    expect(r.resources[0].object.metadata).toEqual({ name: '' });
  });

  it('reports a wrong apiVersion and a bad name of a policy, and skips a non-object document', () => {
    const r = decodeText(
      'apiVersion: cilium.io/v1\nkind: CiliumNetworkPolicy\nmetadata: {name: Bad_Name}\nspec: {endpointSelector: {}, ingress: []}\n---\n- a\n',
      'x.yaml',
    );
    expect(summarize(r.problems)).toEqual([
      'error invalid-value apiVersion',
      'error invalid-value metadata.name',
      'info not-kubernetes ',
    ]);
    expect(r.resources).toHaveLength(1);
  });

  it('drops wrongly typed fields but keeps the rest of the object', () => {
    const r = decodeText(
      'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: {app: web}, ports: "80"}',
      's.yaml',
    );
    expect(summarize(r.problems)).toEqual(['error invalid-type spec.ports']);
    expect(r.resources[0].object).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: { selector: { app: 'web' } },
    });
  });

  it('checks ConfigMap data values are strings and SPIRE webhook rules', () => {
    expect(
      summarize(
        decodeText(
          'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {enable-policy: true}',
          'c.yaml',
        ).problems,
      ),
    ).toEqual(['error invalid-type data.enable-policy']);
    const ftd = (profile: string, url = 'https://b.example.org') =>
      summarize(
        decodeText(
          `apiVersion: spire.spiffe.io/v1alpha1\nkind: ClusterFederatedTrustDomain\nmetadata: {name: f}\nspec: {trustDomain: example.org, bundleEndpointURL: "${url}", bundleEndpointProfile: ${profile}}`,
          'f.yaml',
        ).problems,
      );
    expect(ftd('{type: https_spiffe}')).toEqual([
      'error missing-field spec.bundleEndpointProfile.endpointSPIFFEID',
    ]);
    expect(
      ftd('{type: https_web, endpointSPIFFEID: "spiffe://example.org/x"}'),
    ).toEqual([
      'error invalid-combination spec.bundleEndpointProfile.endpointSPIFFEID',
    ]);
    expect(ftd('{type: https_web}', 'http://b.example.org')).toEqual([
      'error invalid-value spec.bundleEndpointURL',
    ]);
    expect(ftd('{type: https_web}')).toEqual([]);
  });
});

describe('decodeDocument / decodeObject', () => {
  it('decodeDocument decodes a parsed document; decodeObject works without ranges', () => {
    const { documents } = parseYamlDocuments(
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}',
      { uri: 'n.yaml' },
    );
    expect(decodeDocument(documents[0]).resources[0].object.metadata).toEqual({
      name: 'a',
    });
    const r = decodeObject({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'x' },
      spec: { ingress: [{ from: [{}] }] },
    });
    expect(r.problems).toEqual([
      expect.objectContaining({
        code: 'invalid-combination',
        uri: 'object:',
        range: {
          start: { line: 0, character: 0 },
          end: { line: 0, character: 0 },
        },
      }),
    ]);
  });
});
