import fs from 'node:fs';
import {
  KubeConfig,
  Watch,
  type KubernetesObject,
} from '@kubernetes/client-node';
import fetch from 'node-fetch';
import type { ClusterConfig } from '../config';

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export interface RawList {
  items: KubernetesObject[];
  metadata?: { resourceVersion?: string };
}

/** An HTTP failure with the status where ListWatch looks for it (410 → relist). */
export class KubeHttpError extends Error {
  readonly statusCode: number;
  constructor(message: string, statusCode: number) {
    super(message);
    this.name = 'KubeHttpError';
    this.statusCode = statusCode;
  }
}

/** The client's KubeConfig for one configured cluster (in-cluster when no url). */
export function kubeConfigFor(c: ClusterConfig): KubeConfig {
  const kc = new KubeConfig();
  if (!c.url) {
    kc.loadFromCluster();
    return kc;
  }
  const token =
    c.serviceAccountToken ??
    (fs.existsSync(IN_CLUSTER_TOKEN)
      ? fs.readFileSync(IN_CLUSTER_TOKEN, 'utf8').trim()
      : undefined);
  kc.loadFromClusterAndUser(
    {
      name: c.name,
      server: c.url,
      caData: c.caData,
      caFile: c.caFile,
      skipTLSVerify: c.skipTLSVerify,
    },
    { name: 'ytk', token },
  );
  return kc;
}

/**
 * Lists a collection as plain JSON, through the same fetch and TLS/auth
 * options the client's Watch uses. The typed API classes would turn
 * timestamps into Dates while watch events stay JSON; one shape is simpler.
 */
export async function listRaw(
  kc: KubeConfig,
  path: string,
  options: {
    fieldSelector?: string;
    timeoutMs?: number;
    signal?: AbortSignal;
  } = {},
): Promise<RawList> {
  const server = kc.getCurrentCluster()?.server.replace(/\/$/, '');
  if (!server) throw new Error('no current cluster in the kubeconfig');
  const url = new URL(server + path);
  if (options.fieldSelector)
    url.searchParams.set('fieldSelector', options.fieldSelector);
  const init = await kc.applyToFetchOptions({});
  const controller = new AbortController();
  const cancel = () => controller.abort();
  options.signal?.addEventListener('abort', cancel);
  if (options.signal?.aborted) cancel();
  const timer = setTimeout(
    () => controller.abort(),
    options.timeoutMs ?? 30_000,
  );
  try {
    const res = await fetch(url.toString(), {
      ...init,
      method: 'GET',
      signal: controller.signal,
    });
    if (!res.ok) {
      const body = await res.text();
      let message = res.statusText;
      try {
        message = (JSON.parse(body) as { message?: string }).message ?? message;
      } catch {
        // not a Status object: keep the status text
      }
      throw new KubeHttpError(
        `list ${path}: ${res.status} ${message}`,
        res.status,
      );
    }
    return (await res.json()) as RawList;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', cancel);
  }
}

/**
 * The client's Watch, plus a way to end every stream it opened. ListWatch.stop()
 * only aborts a watch that is already open; one still connecting when stop()
 * is called would otherwise stay open for good.
 */
export class StoppableWatch extends Watch {
  private readonly open = new Set<AbortController>();
  private stopped = false;

  async watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: unknown, watchObj?: unknown) => void,
    done: (err: unknown) => void,
  ): Promise<AbortController> {
    // done may fire before watch() resolves: remember the controller by reference.
    const opened: { controller?: AbortController; ended?: boolean } = {};
    const c = await super.watch(path, queryParams, callback, err => {
      opened.ended = true;
      if (opened.controller) this.open.delete(opened.controller);
      done(err);
    });
    opened.controller = c;
    if (this.stopped) c.abort();
    else if (!opened.ended) this.open.add(c);
    return c;
  }

  /** Aborts every open stream, and any that opens from now on. */
  stopAll() {
    this.stopped = true;
    for (const c of this.open) c.abort();
    this.open.clear();
  }
}
