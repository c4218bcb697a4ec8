import { randomUUID } from 'crypto';
import { apiVersionOf, Catalogue, ResourceDef } from './catalogue';
import { KubeObject } from './selectors';

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change, as a watch replays it. */
export interface StoreEvent {
  type: StoreEventType;
  resourceVersion: number;
  resource: ResourceDef;
  object: KubeObject;
  /** The object before a MODIFIED (for selector enter/leave). */
  previous?: KubeObject;
}

export interface StoreOptions {
  /** Events kept for watches to resume from; older versions answer 410. */
  historyLimit?: number;
  /** First resource version handed out, minus one. */
  initialResourceVersion?: number;
}

const clone = <T>(v: T): T => structuredClone(v);

// Kubernetes timestamps are RFC 3339 at second precision.
const timestamp = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

const specOf = (o: KubeObject) => {
  const { metadata: _m, status: _s, ...rest } = o;
  return JSON.stringify(rest);
};

/**
 * The objects and their change history, versioned by one global counter the
 * way etcd's revision versions every key.
 */
export class ObjectStore {
  private rv: number;
  private compactedRv: number;
  private readonly historyLimit: number;
  private readonly objects = new Map<string, KubeObject>();
  private history: StoreEvent[] = [];
  private readonly subscribers = new Set<(e: StoreEvent) => void>();

  constructor(
    readonly catalogue: Catalogue,
    options: StoreOptions = {},
  ) {
    this.rv = options.initialResourceVersion ?? 1000;
    this.compactedRv = this.rv;
    this.historyLimit = options.historyLimit ?? 10000;
  }

  /** The latest resource version (what a list reports). */
  get resourceVersion(): number {
    return this.rv;
  }

  /** Watches from a version older than this get 410 Gone. */
  get oldestWatchableVersion(): number {
    return this.compactedRv;
  }

  private static key(r: ResourceDef, namespace: string, name: string) {
    return `${r.group}/${r.plural}/${namespace}/${name}`;
  }

  resourceFor(apiVersion: string | undefined, kind: string | undefined) {
    const r =
      apiVersion && kind ? this.catalogue.findAny(apiVersion, kind) : undefined;
    if (!r) throw new Error(`unknown resource type ${apiVersion} ${kind}`);
    return r;
  }

  get(r: ResourceDef, namespace: string, name: string): KubeObject | undefined {
    const o = this.objects.get(
      ObjectStore.key(r, r.namespaced ? namespace : '', name),
    );
    return o && clone(o);
  }

  /** Objects of one type, in key order as etcd returns them. */
  list(r: ResourceDef, namespace?: string): KubeObject[] {
    const prefix = `${r.group}/${r.plural}/${namespace && r.namespaced ? `${namespace}/` : ''}`;
    return [...this.objects.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, o]) => clone(o));
  }

  /**
   * Stores an object (create or replace), stamping uid, creationTimestamp,
   * generation and a new resourceVersion. Returns the stored copy.
   */
  upsert(input: KubeObject): KubeObject {
    const r = this.resourceFor(input.apiVersion, input.kind);
    const obj = clone(input);
    const meta = (obj.metadata = { ...(obj.metadata ?? {}) });
    if (!meta.name) throw new Error(`${r.kind} without metadata.name`);
    if (r.namespaced) meta.namespace = meta.namespace || 'default';
    else delete meta.namespace;
    const key = ObjectStore.key(r, meta.namespace ?? '', meta.name);
    const previous = this.objects.get(key);
    if (previous) {
      meta.uid = previous.metadata?.uid;
      meta.creationTimestamp = previous.metadata?.creationTimestamp;
      const gen = Number(previous.metadata?.generation ?? 1);
      meta.generation = specOf(previous) === specOf(obj) ? gen : gen + 1;
    } else {
      meta.uid = meta.uid || randomUUID();
      meta.creationTimestamp = meta.creationTimestamp || timestamp();
      meta.generation = 1;
    }
    meta.resourceVersion = String(++this.rv);
    this.objects.set(key, obj);
    this.record({
      type: previous ? 'MODIFIED' : 'ADDED',
      resourceVersion: this.rv,
      resource: r,
      object: obj,
      previous,
    });
    return clone(obj);
  }

  /** Deletes an object; returns it (with the deletion's version) or undefined. */
  delete(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const r = this.resourceFor(apiVersion, kind);
    const key = ObjectStore.key(
      r,
      r.namespaced ? (namespace ?? 'default') : '',
      name,
    );
    const existing = this.objects.get(key);
    if (!existing) return undefined;
    this.objects.delete(key);
    const obj = clone(existing);
    obj.metadata = { ...obj.metadata, resourceVersion: String(++this.rv) };
    this.record({
      type: 'DELETED',
      resourceVersion: this.rv,
      resource: r,
      object: obj,
    });
    return clone(obj);
  }

  /** Drops all history: any watch from an earlier version now gets 410. */
  compact() {
    this.history = [];
    this.compactedRv = this.rv;
  }

  /** Events after `rv`, or 'expired' when history no longer reaches back. */
  eventsSince(rv: number): StoreEvent[] | 'expired' {
    if (rv < this.compactedRv) return 'expired';
    return this.history.filter(e => e.resourceVersion > rv);
  }

  /** Live events; returns an unsubscribe function. */
  subscribe(fn: (e: StoreEvent) => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  private record(e: StoreEvent) {
    this.history.push(e);
    while (this.history.length > this.historyLimit) {
      this.compactedRv = this.history.shift()!.resourceVersion;
    }
    for (const s of [...this.subscribers]) s(e);
  }

  /** For diagnostics: `apiVersion kind ns/name` of every object. */
  keys(): string[] {
    return [...this.objects.values()].map(
      o =>
        `${o.apiVersion} ${o.kind} ${o.metadata?.namespace ?? ''}/${o.metadata?.name}`,
    );
  }
}

export { apiVersionOf };
