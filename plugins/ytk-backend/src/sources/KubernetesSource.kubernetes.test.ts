import { mockServices } from '@backstage/backend-test-utils';
import {
  startKubeApiServer,
  type KubeApiServer,
} from '@ytknetwork/kube-api-test-server';
import { ingestText, type ClusterSnapshot } from '@ytknetwork/common';
import { stringify } from 'yaml';
import { KubernetesSource } from './KubernetesSource';

// A live cluster's objects go through the same per-object decoder as files: the same problems,
// located by the object instead of a line (an API object has no file).
const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
  spec: { containers: [{ image: 'nginx' }] },
};

describe('KubernetesSource input problems', () => {
  let server: KubeApiServer;
  let source: KubernetesSource | undefined;
  beforeEach(async () => {
    server = await startKubeApiServer({
      clusterName: 'east',
      fixtures: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
        pod,
      ],
    });
  });
  afterEach(async () => {
    await source?.stop();
    await server.stop();
  });

  it('keeps the decode problems of the objects of the last snapshot', async () => {
    source = new KubernetesSource({
      cluster: {
        name: 'east',
        source: 'kubernetes',
        url: server.url,
        caData: server.caData,
        serviceAccountToken: server.token,
        skipTLSVerify: false,
        authProvider: 'serviceAccount',
      },
      logger: mockServices.logger.mock(),
      debounceMs: 10,
    });
    const snapshot = await new Promise<ClusterSnapshot>(resolve => {
      void source!.start(resolve);
    });
    expect(snapshot.resources.map(r => r.object.kind).sort()).toEqual([
      'Namespace',
      'Pod',
    ]);

    const problems = source.inputProblems();
    const editor = ingestText(stringify(pod), 'file:///pod.yaml').problems;
    expect(problems).toEqual(
      editor.map(p => ({
        code: p.code,
        severity: p.severity,
        message: p.message,
        path: p.path,
        object: { kind: 'Pod', namespace: 'shop', name: 'web' },
      })),
    );
    expect(problems.map(p => `${p.severity} ${p.code}`)).toEqual([
      'warning missing-field',
    ]);
  });
});
