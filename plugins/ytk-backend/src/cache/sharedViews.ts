import { createHash } from 'node:crypto';
import type { CacheService } from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';
import type { ClusterSnapshot, KubeObject } from '@ytknetwork/common';

/**
 * The overlay's content as every replica watching the same clusters sees it, as a hex digest.
 * Replicas number their overlay versions each on its own, so a result shared between them is
 * keyed by this instead: per cluster, every object's identity, uid (a re-created object is
 * another one) and resourceVersion. An object without a resourceVersion (a manifest source's)
 * counts by its whole JSON. Health is left out: nothing derived from the overlay reads it.
 */
export function overlayContentKey(snapshots: ClusterSnapshot[]): string {
  // One string hashed once: an update per object costs more than the hashing itself.
  const parts: string[] = [];
  for (const s of [...snapshots].sort((a, b) => a.name.localeCompare(b.name))) {
    parts.push(
      `\u0001${s.name}\u0000${s.enforcer ?? ''}\u0000${s.hostNetwork ?? ''}`,
    );
    for (const r of s.resources) {
      const o = r.object as KubeObject;
      const m = o.metadata ?? {};
      parts.push(
        m.resourceVersion
          ? `${o.apiVersion}\u0000${o.kind}\u0000${m.namespace ?? ''}\u0000${m.name ?? ''}\u0000${m.uid ?? ''}\u0000${m.resourceVersion}`
          : JSON.stringify(o),
      );
    }
  }
  return createHash('sha256').update(parts.join('\u0002')).digest('hex');
}

/** How a result travels: the cache service stores JSON values. */
export interface SharedCodec<T> {
  encode(value: T): JsonValue;
  decode(json: JsonValue): T;
}

export interface SharedViewsOptions {
  /**
   * Part of every key: what computes the results (the plugin's version, the rule and posture
   * catalogue versions). Replicas of two releases during a rolling update must not share.
   */
  codeVersion: string;
  /** How long an entry lives; default 10 minutes (content keys are never reused for new content). */
  ttlMs?: number;
  /** Longest a get or set may take before the result is computed here; default 250 ms. */
  timeoutMs?: number;
  /** Told of every cache failure (the result is computed here all the same). */
  onError?: (error: unknown) => void;
}

const TIMED_OUT = Symbol('timed out');

/**
 * Results derived from the overlay, shared between replicas through Backstage's cache service:
 * fetched when another replica has computed them for the same content, else computed here and
 * stored. The cache is an optimization only: a failing, slow or absent store means computing,
 * never an error nor a wait beyond `timeoutMs` (the Redis client queues commands while it
 * reconnects, so an unguarded get would wait for as long as Redis is down).
 */
export class SharedViews {
  private readonly ttlMs: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly cache: CacheService,
    private readonly options: SharedViewsOptions,
  ) {
    this.ttlMs = options.ttlMs ?? 600_000;
    this.timeoutMs = options.timeoutMs ?? 250;
  }

  /** `kind` names the result (`posture`), `key` the content it is of (overlayContentKey + scope). */
  async getOrCompute<T>(
    kind: string,
    key: string,
    compute: () => T | Promise<T>,
    codec: SharedCodec<T> = {
      encode: v => v as unknown as JsonValue,
      decode: j => j as unknown as T,
    },
  ): Promise<{ value: T; hit: boolean }> {
    const k = `${this.options.codeVersion}:${kind}:${key}`;
    const stored = await this.guard(this.cache.get(k));
    if (stored !== undefined && stored !== TIMED_OUT) {
      try {
        return { value: codec.decode(stored), hit: true };
      } catch (e) {
        this.options.onError?.(e);
      }
    }
    const value = await compute();
    let encoded: JsonValue | undefined;
    try {
      encoded = codec.encode(value);
    } catch (e) {
      this.options.onError?.(e);
    }
    if (encoded !== undefined)
      await this.guard(this.cache.set(k, encoded, { ttl: this.ttlMs }));
    return { value, hit: false };
  }

  /** The operation's result, or TIMED_OUT / undefined (reported) when it is slow or fails. */
  private async guard<T>(
    op: Promise<T>,
  ): Promise<T | typeof TIMED_OUT | undefined> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        op,
        new Promise<typeof TIMED_OUT>(resolve => {
          timer = setTimeout(() => resolve(TIMED_OUT), this.timeoutMs);
        }),
      ]).then(r => {
        if (r === TIMED_OUT)
          this.options.onError?.(
            new Error(`cache did not answer within ${this.timeoutMs} ms`),
          );
        return r;
      });
    } catch (e) {
      this.options.onError?.(e);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
