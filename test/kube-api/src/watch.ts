import { apiVersionOf, ResourceDef } from './catalogue';
import { Exchange } from './exchange';
import { Matcher } from './selectors';
import { failure, fail } from './status';
import { ObjectStore, StoreEvent } from './store';

/** An open watch stream, so faults and the catalogue can end it. */
export interface OpenWatch {
  resource: ResourceDef;
  /** graceful: end the stream; otherwise destroy the socket. */
  close(graceful: boolean): void;
  bookmark(): void;
}

export interface WatchOptions {
  store: ObjectStore;
  resource: ResourceDef;
  namespace?: string;
  matches: Matcher;
  bookmarkIntervalMs: number;
  defaultTimeoutSeconds: number;
  registry: Set<OpenWatch>;
}

const sameResource = (a: ResourceDef, b: ResourceDef) =>
  a.group === b.group && a.plural === b.plural;

/**
 * Serves `?watch=1`: replays from `resourceVersion` (synthetic ADDED for the
 * current state when it is unset or "0"), then streams live events, with
 * BOOKMARKs when allowed, until `timeoutSeconds` or a fault ends it. A version
 * older than the retained history gets an ERROR event with a 410 Status, the
 * way the API server answers "too old resource version".
 */
export function serveWatch(ex: Exchange, o: WatchOptions) {
  const { store, resource: r } = o;
  const rvParam = ex.query.get('resourceVersion') ?? '';
  const fromVersion =
    rvParam === '' || rvParam === '0' ? undefined : Number(rvParam);
  if (fromVersion !== undefined && !Number.isInteger(fromVersion)) {
    throw fail(400, `invalid resource version: ${rvParam}`);
  }
  const timeoutParam = ex.query.get('timeoutSeconds');
  const timeoutSeconds = timeoutParam
    ? Number(timeoutParam)
    : o.defaultTimeoutSeconds;
  const bookmarks = ex.query.get('allowWatchBookmarks') === 'true';
  const initialEnd = ex.query.get('sendInitialEvents') === 'true';

  const inScope = (obj: StoreEvent['object']) =>
    (!o.namespace || obj.metadata?.namespace === o.namespace) && o.matches(obj);

  ex.startStream();
  const res = ex.res;
  const write = (type: string, object: unknown) => {
    if (!res.writableEnded && !res.destroyed)
      res.write(`${JSON.stringify({ type, object })}\n`);
  };
  const bookmarkObject = (annotations?: Record<string, string>) => ({
    kind: r.kind,
    apiVersion: apiVersionOf(r),
    metadata: {
      resourceVersion: String(store.resourceVersion),
      ...(annotations ? { annotations } : {}),
    },
  });

  // A selector turns modifications into ADDED/DELETED as objects enter or leave it.
  const deliver = (e: StoreEvent) => {
    if (!sameResource(e.resource, r)) return;
    const now = inScope(e.object);
    if (e.type === 'DELETED') {
      if (now) write('DELETED', e.object);
      return;
    }
    const was = e.previous ? inScope(e.previous) : false;
    if (now && was) write('MODIFIED', e.object);
    else if (now) write('ADDED', e.object);
    else if (was) write('DELETED', e.object);
  };

  if (fromVersion === undefined) {
    for (const obj of store.list(r, o.namespace))
      if (inScope(obj)) write('ADDED', obj);
    if (initialEnd && bookmarks)
      write(
        'BOOKMARK',
        bookmarkObject({ 'k8s.io/initial-events-end': 'true' }),
      );
  } else {
    const events = store.eventsSince(fromVersion);
    if (events === 'expired') {
      write(
        'ERROR',
        failure(
          410,
          `too old resource version: ${fromVersion} (${store.oldestWatchableVersion})`,
          { reason: 'Expired' },
        ),
      );
      res.end();
      return;
    }
    events.forEach(deliver);
  }
  const unsubscribe = store.subscribe(deliver);

  const timers: NodeJS.Timeout[] = [];
  const watch: OpenWatch = {
    resource: r,
    close(graceful) {
      if (graceful) res.end();
      else res.destroy();
    },
    bookmark() {
      if (bookmarks) write('BOOKMARK', bookmarkObject());
    },
  };
  if (bookmarks && o.bookmarkIntervalMs > 0) {
    timers.push(setInterval(() => watch.bookmark(), o.bookmarkIntervalMs));
  }
  if (timeoutSeconds > 0) {
    timers.push(setTimeout(() => watch.close(true), timeoutSeconds * 1000));
  }
  o.registry.add(watch);
  const cleanup = () => {
    unsubscribe();
    timers.forEach(t => clearTimeout(t));
    o.registry.delete(watch);
  };
  res.on('close', cleanup);
  res.on('finish', cleanup);
}
