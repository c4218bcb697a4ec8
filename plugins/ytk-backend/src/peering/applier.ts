import {
  KubernetesObjectApi,
  PatchStrategy,
  type KubeConfig,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { renderPeeringYaml, type GeneratedPolicy } from '@ytknetwork/common';
import type { ClusterConfig, PeeringConfig } from '../config';
import { kubeConfigFor } from '../sources/kubeClient';
import type { ApplyResult } from './store';

export const FIELD_MANAGER = 'ytk';

const describe = (o: KubernetesObject) =>
  `${o.kind} ${o.metadata?.namespace}/${o.metadata?.name}`;

/** The API server's message (a Status body) rather than the client's "HTTP-Code: 500" wrapper. */
export function errorMessage(e: unknown): string {
  const err = e as { code?: number; body?: unknown; message?: string };
  try {
    const body = typeof err.body === 'string' ? JSON.parse(err.body) : err.body;
    if (body && typeof body === 'object' && 'message' in body)
      return `${err.code ?? ''} ${(body as { message: string }).message}`.trim();
  } catch {
    // not JSON: fall through
  }
  return err.message ?? String(e);
}

/**
 * Sends generated policies to their clusters. Cluster by cluster (in name order): a server-side
 * dry run of all its objects, then (mode `apply`) the real server-side apply with field manager
 * `ytk` and force. The first rejection stops everything: the result lists what was created so
 * far, and is never `ok`. Clusters read from manifests, and mode `export`, get no call.
 */
export async function applyPolicies(
  policies: GeneratedPolicy[],
  options: {
    mode: PeeringConfig['mode'];
    clusters: ClusterConfig[];
    kubeConfig?: (c: ClusterConfig) => KubeConfig;
    now?: () => Date;
  },
): Promise<ApplyResult> {
  const now = options.now ?? (() => new Date());
  const byCluster = new Map<string, GeneratedPolicy[]>();
  for (const p of policies)
    byCluster.set(p.cluster, [...(byCluster.get(p.cluster) ?? []), p]);
  const result: ApplyResult = {
    mode: options.mode,
    ok: true,
    at: now().toISOString(),
    clusters: [],
  };
  const exported: GeneratedPolicy[] = [];
  for (const name of [...byCluster.keys()].sort()) {
    const objects = byCluster.get(name)!.map(p => p.object as KubernetesObject);
    const config = options.clusters.find(c => c.name === name);
    if (options.mode === 'export' || config?.source !== 'kubernetes') {
      exported.push(...byCluster.get(name)!);
      result.clusters.push({
        cluster: name,
        mode: 'export',
        ok: true,
        created: [],
      });
      continue;
    }
    const api = KubernetesObjectApi.makeApiClient(
      (options.kubeConfig ?? kubeConfigFor)(config),
    );
    const entry: ApplyResult['clusters'][number] = {
      cluster: name,
      mode: options.mode,
      ok: true,
      created: [],
    };
    result.clusters.push(entry);
    const send = (o: KubernetesObject, dryRun: boolean) =>
      api.patch(
        o,
        undefined,
        dryRun ? 'All' : undefined,
        FIELD_MANAGER,
        true,
        PatchStrategy.ServerSideApply,
      );
    try {
      for (const o of objects) await send(o, true);
      if (options.mode === 'apply')
        for (const o of objects) {
          await send(o, false);
          entry.created.push(describe(o));
        }
    } catch (e) {
      entry.ok = false;
      entry.error = errorMessage(e);
      result.ok = false;
      result.error = `cluster ${name} rejected the policies: ${entry.error}`;
      break;
    }
  }
  if (exported.length) result.yaml = renderPeeringYaml(exported);
  return result;
}
