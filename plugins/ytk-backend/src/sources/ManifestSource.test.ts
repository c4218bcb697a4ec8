import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import type { ClusterSnapshot } from '@ytknetwork/common';
import { ManifestSource } from './ManifestSource';

/* The portal reads a folder under the same ingestion policy as the CLI and the editor. */
describe('ManifestSource', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ytk-manifests-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const read = async (hostNetwork?: 'pod' | 'node') => {
    const logger = mockServices.logger.mock();
    const source = new ManifestSource({
      name: 'c1',
      dir,
      logger,
      watch: false,
      hostNetwork,
    });
    let snapshot: ClusterSnapshot | undefined;
    await source.start(s => (snapshot = s));
    return { snapshot: snapshot!, source, logger };
  };

  it('evaluates a mixed folder: warnings located, foreign and broken files skipped', async () => {
    fs.writeFileSync(
      path.join(dir, 'pod.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop, labels: {app: web}}\nspec:\n  containers: [{image: nginx}]\n',
    );
    fs.writeFileSync(path.join(dir, 'values.yaml'), 'replicaCount: 3\n');
    fs.writeFileSync(
      path.join(dir, 'broken.yaml'),
      'kind: Pod\nmetadata: {a: [\n',
    );
    const { snapshot, source, logger } = await read('node');
    expect(snapshot.resources.map(r => r.object.metadata?.name)).toEqual([
      'web',
    ]);
    expect(snapshot.hostNetwork).toBe('node');
    const problems = source.decodeProblems();
    const by = (file: string) =>
      problems
        .filter(p => p.uri.endsWith(file))
        .map(p => `${p.severity} ${p.code}`);
    expect(by('pod.yaml')).toEqual(['warning missing-field']);
    expect(by('values.yaml')).toEqual(['info not-kubernetes']);
    expect(by('broken.yaml')).toContain('error yaml-syntax');
    // Served relative to the directory, 1-based, in the object they sit in.
    expect(source.inputProblems()).toContainEqual(
      expect.objectContaining({
        file: 'pod.yaml',
        line: 5,
        code: 'missing-field',
        object: { kind: 'Pod', namespace: 'shop', name: 'web' },
      }),
    );
    expect(
      source.inputProblems().find(p => p.file === 'values.yaml')?.object,
    ).toBeUndefined();
    expect(source.health().state).toBe('connected');
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('evaluated the rest'),
    );
  });
});
