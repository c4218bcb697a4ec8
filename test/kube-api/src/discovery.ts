import { ALL_VERBS, apiVersionOf, ResourceDef } from './catalogue';

const resourceList = (groupVersion: string, defs: ResourceDef[]) => ({
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion,
  resources: defs.map(d => ({
    name: d.plural,
    singularName: d.singular,
    namespaced: d.namespaced,
    kind: d.kind,
    verbs: ALL_VERBS,
    ...(d.shortNames ? { shortNames: d.shortNames } : {}),
  })),
});

/** `/api`: the legacy core group's versions. */
export function coreVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** `/apis`: every named group with at least one served type. */
export function groupList(served: ResourceDef[]) {
  const groups = new Map<string, Set<string>>();
  for (const d of served) {
    if (!d.group) continue;
    if (!groups.has(d.group)) groups.set(d.group, new Set());
    groups.get(d.group)!.add(d.version);
  }
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups].map(([name, versions]) => {
      const vs = [...versions].map(version => ({
        groupVersion: `${name}/${version}`,
        version,
      }));
      return { name, versions: vs, preferredVersion: vs[0] };
    }),
  };
}

/** `/apis/<group>`: one group, or undefined when nothing in it is served. */
export function group(served: ResourceDef[], name: string) {
  return groupList(served).groups.find(g => g.name === name);
}

/** `/api/v1` or `/apis/<group>/<version>`, or undefined when not served. */
export function versionResources(
  served: ResourceDef[],
  groupName: string,
  version: string,
) {
  const defs = served.filter(
    d => d.group === groupName && d.version === version,
  );
  if (defs.length === 0) return undefined;
  return resourceList(apiVersionOf(defs[0]), defs);
}
