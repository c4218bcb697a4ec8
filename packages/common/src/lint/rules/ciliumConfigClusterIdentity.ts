import type { Hit } from '../types';
import { defineRule } from '../rule';
import { isObj, str } from '../util/access';
import { isCiliumConfig } from '../util/settings';
import { ciliumConfig } from './examples';

const NAME = /^([a-z0-9][-a-z0-9]*)?[a-z0-9]$/;

/** M06: cluster name / id problems that break ClusterMesh or collide identities. */
export const ciliumConfigClusterIdentity = defineRule(
  {
    id: 'cilium-config-cluster-identity',
    semanticsId: 'M06',
    title: 'Invalid or colliding cluster name / id',
    severity: 'error',
    category: 'mesh',
    threat: 'misconfiguration',
    rationale:
      'ClusterMesh needs a unique `cluster-name` (≤32 chars, lowercase alphanumerics and dashes, not `default` when the id is set) and a unique `cluster-id` in 1–255 (1–511 with max-connected-clusters=511). Security identities embed the id: duplicates collide, id 0 cannot mesh. With an overlay, names, ids and max-connected-clusters are compared across clusters.',
    badExample: ciliumConfig({ 'cluster-name': 'default', 'cluster-id': '7' }),
    goodExample: ciliumConfig({ 'cluster-name': 'c1', 'cluster-id': '7' }),
    appliesTo: ['cilium-config'],
    needsContext: false,
  },
  ctx =>
    ctx.resources.filter(isCiliumConfig).flatMap(r => {
      const data = (r.object as { data?: unknown }).data;
      if (!isObj(data)) return [];
      const hits: Hit[] = [];
      const name = str(data['cluster-name']);
      const idText = str(data['cluster-id']);
      const max = Number(str(data['max-connected-clusters']) ?? '255');
      const id =
        idText !== undefined && /^\s*\d+\s*$/.test(idText)
          ? Number(idText)
          : undefined;
      const at = (key: string, message: string) =>
        hits.push({ resource: r, path: ['data', key], message });
      if (name !== undefined && (name.length > 32 || !NAME.test(name))) {
        at(
          'cluster-name',
          `cluster-name "${name}" is invalid: at most 32 lowercase alphanumerics or dashes, starting and ending alphanumeric.`,
        );
      }
      if (idText !== undefined && id === undefined)
        at('cluster-id', `cluster-id "${idText}" is not a number.`);
      if (id !== undefined && (id > (max === 511 ? 511 : 255) || id < 0)) {
        at(
          'cluster-id',
          `cluster-id ${id} is out of range (1–${max === 511 ? 511 : 255}).`,
        );
      }
      if (
        id !== undefined &&
        id !== 0 &&
        (name === undefined || name === 'default')
      ) {
        at(
          name === undefined ? 'cluster-id' : 'cluster-name',
          'cluster-name must be set (and not "default") when cluster-id is set.',
        );
      }
      if (id === 0 && name !== undefined && name !== 'default') {
        at(
          'cluster-id',
          'cluster-id 0 is reserved: this cluster cannot join a ClusterMesh.',
        );
      }
      const overlay = ctx.overlay;
      if (overlay && name) {
        for (const c of overlay.clusters) {
          if (c.name === name || !c.cilium) continue;
          if (id && c.cilium.clusterId === id)
            at(
              'cluster-id',
              `cluster-id ${id} is also used by cluster ${c.name}: identities collide.`,
            );
          if (c.cilium.maxConnectedClusters !== max) {
            at(
              'max-connected-clusters',
              `max-connected-clusters ${max} differs from cluster ${c.name} (${c.cilium.maxConnectedClusters}).`,
            );
          }
        }
      }
      return hits;
    }),
);
