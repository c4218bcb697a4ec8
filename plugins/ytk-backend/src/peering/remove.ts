import {
  KubernetesObjectApi,
  type KubeConfig,
  type KubernetesObject,
} from '@kubernetes/client-node';
import {
  PEERING_REQUEST_LABEL,
  type GeneratedPolicy,
} from '@ytknetwork/common';
import type { ClusterConfig } from '../config';
import { kubeConfigFor } from '../sources/kubeClient';
import { errorMessage } from './applier';
import type { ApplyResult } from './store';

export interface RemoveResult {
  /** Every cluster's objects were handled (deleted, already gone, or left to whoever relabelled them). */
  ok: boolean;
  /** `Kind namespace/name` of each object deleted (or already gone). */
  removed: string[];
  /** The same, per cluster name (only clusters with something removed). */
  removedByCluster: Record<string, string[]>;
  /** The clusters that refused, `cluster <name> refused the removal: …`, joined with `; `. */
  error?: string;
}

const describe = (o: KubernetesObject) =>
  `${o.kind} ${o.metadata?.namespace}/${o.metadata?.name}`;

const statusCode = (e: unknown) => (e as { code?: number }).code;

/**
 * Deletes one object only while it carries `label` (this request's id). The delete is
 * conditional on the uid and resourceVersion just read, so an object relabelled (or replaced)
 * between the read and the delete is not touched: the API server answers 409 and we read and
 * decide once more. Returns whether it is gone (deleted now or before) or was left alone.
 */
async function deleteIfOurs(
  api: KubernetesObjectApi,
  header: KubernetesObject,
  label: string | undefined,
): Promise<'removed' | 'kept'> {
  for (let attempt = 0; ; attempt++) {
    let live: KubernetesObject;
    try {
      live = await api.read(header as any);
    } catch (e) {
      if (statusCode(e) === 404) return 'removed';
      throw e;
    }
    // Relabelled by someone else: theirs now, keep it.
    if (live.metadata?.labels?.[PEERING_REQUEST_LABEL] !== label) return 'kept';
    try {
      await api.delete(
        header,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        {
          kind: 'DeleteOptions',
          apiVersion: 'v1',
          preconditions: {
            uid: live.metadata?.uid,
            resourceVersion: live.metadata?.resourceVersion,
          },
        },
      );
      return 'removed';
    } catch (e) {
      if (statusCode(e) === 404) return 'removed';
      // Changed since the read: look once more; a second conflict is reported (next run retries).
      if (statusCode(e) === 409 && attempt === 0) continue;
      throw e;
    }
  }
}

/**
 * Deletes the objects a request's apply created (mode `apply` only: exports and dry runs created
 * nothing), on expiry and to roll back a failed apply. An object is deleted only while it still
 * carries this request's label (checked atomically through delete preconditions), so a policy
 * someone has since taken over (relabelled) is left alone; one already gone counts as removed.
 * A cluster that refuses does not stop the others: as much as possible is removed, and `ok`
 * says whether everything was.
 */
export async function removeAppliedPolicies(
  policies: GeneratedPolicy[],
  applyResult: ApplyResult | undefined,
  options: {
    clusters: ClusterConfig[];
    kubeConfig?: (c: ClusterConfig) => KubeConfig;
  },
): Promise<RemoveResult> {
  const out: RemoveResult = { ok: true, removed: [], removedByCluster: {} };
  const errors: string[] = [];
  for (const entry of applyResult?.clusters ?? []) {
    if (entry.mode !== 'apply' || !entry.created.length) continue;
    const config = options.clusters.find(c => c.name === entry.cluster);
    if (!config || config.source !== 'kubernetes') {
      errors.push(
        `cluster ${entry.cluster} is no longer configured as a Kubernetes source`,
      );
      continue;
    }
    const api = KubernetesObjectApi.makeApiClient(
      (options.kubeConfig ?? kubeConfigFor)(config),
    );
    const objects = policies
      .filter(p => p.cluster === entry.cluster)
      .map(p => p.object as KubernetesObject)
      .filter(o => entry.created.includes(describe(o)));
    const removed: string[] = [];
    try {
      for (const o of objects) {
        const header = {
          apiVersion: o.apiVersion,
          kind: o.kind,
          metadata: {
            name: o.metadata?.name,
            namespace: o.metadata?.namespace,
          },
        } as KubernetesObject;
        const label = o.metadata?.labels?.[PEERING_REQUEST_LABEL];
        if ((await deleteIfOurs(api, header, label)) === 'removed')
          removed.push(describe(o));
      }
    } catch (e) {
      errors.push(
        `cluster ${entry.cluster} refused the removal: ${errorMessage(e)}`,
      );
    }
    if (removed.length) {
      out.removed.push(...removed);
      out.removedByCluster[entry.cluster] = removed;
    }
  }
  if (errors.length) {
    out.ok = false;
    out.error = errors.join('; ');
  }
  return out;
}
