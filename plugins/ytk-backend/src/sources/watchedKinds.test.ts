import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { RBAC_ONLY_RESOURCES, WATCHED_KINDS } from './watchedKinds';

// deploy/rbac.yaml is what admins apply in each cluster: it must grant every list/watch the
// source makes (or the cluster reports 403s), and nothing more.
describe('deploy/rbac.yaml and WATCHED_KINDS', () => {
  const docs = parseAllDocuments(
    readFileSync(join(__dirname, '../../deploy/rbac.yaml'), 'utf8'),
  ).map(d => d.toJSON());

  /** group/resource from a watched path: /api/v1/pods, /apis/<group>/<version>/[namespaces/<ns>/]<plural>. */
  const resourceOf = (path: string) => {
    const parts = path.split('/').filter(Boolean);
    const group = parts[0] === 'api' ? '' : parts[1];
    return { group, resource: parts[parts.length - 1] };
  };

  const granted = (
    kind: 'ClusterRole' | 'Role',
  ): Array<{ group: string; resource: string; names?: string[] }> =>
    docs
      .filter(d => d.kind === kind)
      .flatMap(d => d.rules)
      .flatMap((r: any) =>
        r.apiGroups.flatMap((group: string) =>
          r.resources.map((resource: string) => ({
            group,
            resource,
            ...(r.resourceNames ? { names: r.resourceNames } : {}),
          })),
        ),
      );

  it('grants only get, list and watch', () => {
    for (const kind of ['ClusterRole', 'Role'])
      for (const rule of docs
        .filter(d => d.kind === kind)
        .flatMap(d => d.rules))
        expect({ kind, verbs: rule.verbs }).toEqual({
          kind,
          verbs: ['get', 'list', 'watch'],
        });
  });

  it('grants read-only access to exactly the watched kinds', () => {
    const clusterWide = [
      ...WATCHED_KINDS.filter(k => !k.fieldSelector).map(k =>
        resourceOf(k.path),
      ),
      ...RBAC_ONLY_RESOURCES,
    ];
    expect(granted('ClusterRole')).toEqual(expect.arrayContaining(clusterWide));
    expect(granted('ClusterRole')).toHaveLength(clusterWide.length);
  });

  it('grants ConfigMaps only by name, in their namespace, as the source reads them', () => {
    const configMaps = WATCHED_KINDS.filter(k => k.fieldSelector);
    expect(configMaps.map(k => [k.path, k.fieldSelector])).toEqual([
      [
        '/api/v1/namespaces/kube-system/configmaps',
        'metadata.name=cilium-config',
      ],
      ['/api/v1/namespaces/istio-system/configmaps', 'metadata.name=istio'],
    ]);
    const roles = docs
      .filter(d => d.kind === 'Role')
      .map(d => ({
        namespace: d.metadata.namespace,
        grants: d.rules.flatMap((r: any) =>
          r.resources.map((resource: string) => ({
            groups: r.apiGroups,
            resource,
            names: r.resourceNames,
          })),
        ),
      }));
    expect(roles).toEqual([
      {
        namespace: 'kube-system',
        grants: [
          { groups: [''], resource: 'configmaps', names: ['cilium-config'] },
        ],
      },
      {
        namespace: 'istio-system',
        grants: [{ groups: [''], resource: 'configmaps', names: ['istio'] }],
      },
    ]);
  });

  it('treats a 403 as absent only where the Role may not exist (Istio mesh config)', () => {
    expect(
      WATCHED_KINDS.filter(k => k.forbiddenMeansAbsent).map(k => k.path),
    ).toEqual(['/api/v1/namespaces/istio-system/configmaps']);
  });

  it('never grants Secrets', () => {
    const all = [...granted('ClusterRole'), ...granted('Role')];
    expect(all.filter(g => g.resource === 'secrets')).toEqual([]);
  });
});
