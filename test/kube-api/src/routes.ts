import { randomBytes, randomUUID } from 'crypto';
import { recordUpdate, mergePatch, serverSideApply } from './apply';
import { apiVersionOf, Catalogue, ResourceDef } from './catalogue';
import * as discovery from './discovery';
import { Exchange } from './exchange';
import {
  KubeObject,
  parseFieldSelector,
  parseLabelSelector,
  SelectorError,
} from './selectors';
import { fail, success } from './status';
import { ObjectStore } from './store';
import { validateObject } from './validate';

/** A request resolved to a resource type: which objects, and the verb. */
export interface ResourceTarget {
  resource: ResourceDef;
  namespace?: string;
  name?: string;
  verb: 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';
}

/**
 * Parses `/api/v1/...` and `/apis/<g>/<v>/...` into a target. Returns
 * 'discovery' for the discovery documents; throws 404 for anything unserved.
 */
export function resolve(
  ex: Exchange,
  catalogue: Catalogue,
): ResourceTarget | 'discovery' {
  const parts = ex.path.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api') {
    if (parts.length <= 2) return 'discovery';
    [group, version, rest] = ['', parts[1], parts.slice(2)];
  } else if (parts[0] === 'apis') {
    if (parts.length <= 3) return 'discovery';
    [group, version, rest] = [parts[1], parts[2], parts.slice(3)];
  } else {
    throw fail(404, 'the server could not find the requested resource');
  }
  let namespace: string | undefined;
  // `/namespaces/<ns>/<plural>...` is a namespaced collection; `/namespaces/<ns>` is the Namespace itself.
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name, sub] = rest;
  const resource = catalogue.byPath(group, version, plural);
  if (
    !resource ||
    sub !== undefined ||
    (namespace !== undefined && !resource.namespaced)
  ) {
    throw fail(404, 'the server could not find the requested resource');
  }
  if (name !== undefined && resource.namespaced && namespace === undefined) {
    throw fail(404, 'the server could not find the requested resource');
  }
  const verbs: Record<string, ResourceTarget['verb'] | undefined> = name
    ? { GET: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' }
    : { GET: ex.watch ? 'watch' : 'list', POST: 'create' };
  const verb = verbs[ex.method];
  if (!verb)
    throw fail(
      405,
      `the server does not allow this method on the requested resource`,
    );
  return { resource, namespace, name, verb };
}

/** Answers the discovery documents, or 404 for an unserved group/version. */
export function serveDiscovery(
  ex: Exchange,
  catalogue: Catalogue,
  address: string,
) {
  const parts = ex.path.split('/').filter(Boolean);
  const served = catalogue.served();
  let body: unknown;
  if (parts[0] === 'api') {
    body =
      parts.length === 1
        ? discovery.coreVersions(address)
        : discovery.versionResources(served, '', parts[1]);
  } else if (parts.length === 1) {
    body = discovery.groupList(served);
  } else if (parts.length === 2) {
    const g = discovery.group(served, parts[1]);
    body = g && { kind: 'APIGroup', apiVersion: 'v1', ...g };
  } else {
    body = discovery.versionResources(served, parts[1], parts[2]);
  }
  if (!body)
    throw fail(404, 'the server could not find the requested resource');
  ex.sendJson(200, body);
}

const notFound = (r: ResourceDef, name: string) =>
  fail(404, `${r.plural}${r.group ? `.${r.group}` : ''} "${name}" not found`, {
    details: { name, group: r.group, kind: r.plural },
  });

// Built-in types are typed lists on the wire: items carry no kind/apiVersion.
// CRDs are served unstructured and keep them. Clients must cope with both.
const isBuiltIn = (r: ResourceDef) =>
  r.group === '' ||
  r.group.endsWith('k8s.io') ||
  ['apps', 'batch'].includes(r.group);

interface ContinueToken {
  after: string;
}

export function selectors(ex: Exchange) {
  try {
    const label = parseLabelSelector(
      ex.query.get('labelSelector') ?? undefined,
    );
    const field = parseFieldSelector(
      ex.query.get('fieldSelector') ?? undefined,
    );
    return (o: KubeObject) => label(o) && field(o);
  } catch (e) {
    if (e instanceof SelectorError) throw fail(400, e.message);
    throw e;
  }
}

export function serveList(ex: Exchange, store: ObjectStore, t: ResourceTarget) {
  const r = t.resource;
  const matches = selectors(ex);
  let items = store.list(r, t.namespace).filter(matches);
  const keyOf = (o: KubeObject) =>
    `${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
  const cont = ex.query.get('continue');
  if (cont) {
    let token: ContinueToken;
    try {
      token = JSON.parse(Buffer.from(cont, 'base64url').toString('utf8'));
    } catch {
      throw fail(400, 'continue key is not valid');
    }
    items = items.filter(o => keyOf(o) > token.after);
  }
  const limit = Number(ex.query.get('limit') ?? 0);
  const metadata: Record<string, unknown> = {
    resourceVersion: String(store.resourceVersion),
  };
  if (limit > 0 && items.length > limit) {
    metadata.remainingItemCount = items.length - limit;
    items = items.slice(0, limit);
    const token: ContinueToken = { after: keyOf(items[items.length - 1]) };
    metadata.continue = Buffer.from(JSON.stringify(token)).toString(
      'base64url',
    );
  }
  ex.sendJson(200, {
    kind: `${r.kind}List`,
    apiVersion: apiVersionOf(r),
    metadata,
    items: isBuiltIn(r)
      ? items.map(({ kind: _k, apiVersion: _a, ...rest }) => rest)
      : items,
  });
}

export function serveGet(ex: Exchange, store: ObjectStore, t: ResourceTarget) {
  const obj = store.get(t.resource, t.namespace ?? '', t.name!);
  if (!obj) throw notFound(t.resource, t.name!);
  ex.sendJson(200, obj);
}

function dryRun(ex: Exchange): boolean {
  const v = ex.query.getAll('dryRun');
  if (v.length === 0) return false;
  if (v.every(x => x === 'All')) return true;
  throw fail(
    400,
    `Unsupported value: ${JSON.stringify(v[0])}: supported values: "All"`,
    { reason: 'Invalid' },
  );
}

/** Checks the body against the URL: kind, apiVersion, namespace and name. */
function checkBody(body: unknown, t: ResourceTarget): KubeObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw fail(400, 'the body of the request is not a Kubernetes object');
  }
  const obj = body as KubeObject;
  const r = t.resource;
  if (obj.kind !== r.kind || obj.apiVersion !== apiVersionOf(r)) {
    throw fail(
      400,
      `the API version in the data (${obj.apiVersion}) and kind (${obj.kind}) do not match the URL's ${apiVersionOf(r)} ${r.kind}`,
    );
  }
  obj.metadata = { ...(obj.metadata ?? {}) };
  if (r.namespaced) {
    if (obj.metadata.namespace && obj.metadata.namespace !== t.namespace) {
      throw fail(
        400,
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    obj.metadata.namespace = t.namespace;
  }
  if (
    t.name !== undefined &&
    obj.metadata.name &&
    obj.metadata.name !== t.name
  ) {
    throw fail(
      400,
      'the name of the object does not match the name on the URL',
    );
  }
  if (t.name !== undefined) obj.metadata.name = t.name;
  return obj;
}

// Writes into a namespace need the Namespace to exist, as on a real cluster.
function requireNamespace(store: ObjectStore, t: ResourceTarget) {
  if (!t.resource.namespaced || !t.namespace) return;
  const ns = store.catalogue.findAny('v1', 'Namespace');
  if (ns && store.catalogue.isServed(ns) && !store.get(ns, '', t.namespace)) {
    throw fail(404, `namespaces "${t.namespace}" not found`, {
      details: { name: t.namespace, kind: 'namespaces' },
    });
  }
}

/** What a dry run answers: the object as it would be stored. */
function preview(
  obj: KubeObject,
  existing: KubeObject | undefined,
): KubeObject {
  const out = structuredClone(obj);
  out.metadata = {
    ...out.metadata,
    uid: existing?.metadata?.uid ?? out.metadata?.uid ?? randomUUID(),
    creationTimestamp:
      existing?.metadata?.creationTimestamp ??
      new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ...(existing
      ? { resourceVersion: existing.metadata?.resourceVersion }
      : {}),
  };
  if (!existing) delete out.metadata.resourceVersion;
  return out;
}

const manager = (ex: Exchange, fallback: string) =>
  ex.query.get('fieldManager') || fallback;

export async function serveCreate(
  ex: Exchange,
  store: ObjectStore,
  t: ResourceTarget,
) {
  const obj = checkBody(await ex.body(), t);
  const isDry = dryRun(ex);
  const meta = obj.metadata!;
  if (!meta.name && typeof meta.generateName === 'string') {
    meta.name = `${meta.generateName}${randomBytes(3).toString('hex').slice(0, 5)}`;
  }
  delete meta.resourceVersion;
  delete meta.managedFields;
  validateObject(t.resource, obj);
  requireNamespace(store, t);
  if (store.get(t.resource, t.namespace ?? '', meta.name!)) {
    throw fail(
      409,
      `${t.resource.plural}${t.resource.group ? `.${t.resource.group}` : ''} "${meta.name}" already exists`,
      {
        reason: 'AlreadyExists',
        details: {
          name: meta.name,
          group: t.resource.group,
          kind: t.resource.plural,
        },
      },
    );
  }
  const withFields = recordUpdate(obj, obj, manager(ex, 'unknown'));
  ex.sendJson(
    201,
    isDry ? preview(withFields, undefined) : store.upsert(withFields),
  );
}

export async function serveUpdate(
  ex: Exchange,
  store: ObjectStore,
  t: ResourceTarget,
) {
  const obj = checkBody(await ex.body(), t);
  const isDry = dryRun(ex);
  validateObject(t.resource, obj);
  const existing = store.get(t.resource, t.namespace ?? '', t.name!);
  if (!existing) throw notFound(t.resource, t.name!);
  const rv = obj.metadata?.resourceVersion;
  if (rv && rv !== existing.metadata?.resourceVersion) {
    throw fail(
      409,
      `Operation cannot be fulfilled on ${t.resource.plural} "${t.name}": the object has been modified; please apply your changes to the latest version and try again`,
      { reason: 'Conflict' },
    );
  }
  obj.metadata = {
    ...obj.metadata,
    managedFields: existing.metadata?.managedFields,
  };
  const withFields = recordUpdate(obj, obj, manager(ex, 'unknown'));
  ex.sendJson(
    200,
    isDry ? preview(withFields, existing) : store.upsert(withFields),
  );
}

export async function servePatch(
  ex: Exchange,
  store: ObjectStore,
  t: ResourceTarget,
) {
  const type = ex.contentType();
  const body = await ex.body();
  const isDry = dryRun(ex);
  const existing = store.get(t.resource, t.namespace ?? '', t.name!);
  let result: KubeObject;
  if (
    type === 'application/apply-patch+yaml' ||
    type === 'application/apply-patch+cbor'
  ) {
    const fieldManager = ex.query.get('fieldManager');
    if (!fieldManager) {
      throw fail(
        422,
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
        { reason: 'Invalid' },
      );
    }
    const config = checkBody(body, t);
    if (!existing) requireNamespace(store, t);
    result = serverSideApply(
      existing,
      config,
      fieldManager,
      ex.query.get('force') === 'true',
    );
  } else if (
    type === 'application/merge-patch+json' ||
    type === 'application/strategic-merge-patch+json'
  ) {
    // Strategic merge is served as a JSON merge patch: lists replace wholesale.
    if (!existing) throw notFound(t.resource, t.name!);
    if (ex.query.has('force'))
      throw fail(400, 'force may only be set for apply patches', {
        reason: 'Invalid',
      });
    const merged = mergePatch(existing, body) as KubeObject;
    result = recordUpdate(
      checkBody(merged, t),
      body as KubeObject,
      manager(ex, 'unknown'),
    );
  } else {
    throw fail(
      415,
      `the server does not support patch type ${type || '(none)'} here`,
    );
  }
  validateObject(t.resource, result);
  if (isDry) {
    ex.sendJson(existing ? 200 : 201, preview(result, existing));
    return;
  }
  ex.sendJson(existing ? 200 : 201, store.upsert(result));
}

/** A request body is present when the client announced one (DELETE usually has none). */
function hasBody(ex: Exchange): boolean {
  const length = ex.req.headers['content-length'];
  return (
    (length !== undefined && Number(length) > 0) ||
    ex.req.headers['transfer-encoding'] !== undefined
  );
}

/** `DeleteOptions.preconditions` of the body, if any. */
async function deletePreconditions(
  ex: Exchange,
): Promise<{ uid?: string; resourceVersion?: string }> {
  if (!hasBody(ex)) return {};
  const body = await ex.body();
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw fail(400, 'the body of the request is not DeleteOptions');
  const { kind, preconditions } = body as {
    kind?: unknown;
    preconditions?: { uid?: unknown; resourceVersion?: unknown };
  };
  if (kind !== undefined && kind !== 'DeleteOptions')
    throw fail(
      400,
      `the body of the request is a ${String(kind)}, not DeleteOptions`,
    );
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    uid: str(preconditions?.uid),
    resourceVersion: str(preconditions?.resourceVersion),
  };
}

export async function serveDelete(
  ex: Exchange,
  store: ObjectStore,
  t: ResourceTarget,
) {
  const isDry = dryRun(ex);
  const r = t.resource;
  const preconditions = await deletePreconditions(ex);
  const existing = store.get(r, t.namespace ?? '', t.name!);
  if (!existing) throw notFound(r, t.name!);
  // As the API server's rest.BeforeDelete: a mismatch is a Conflict naming both values.
  const meta = existing.metadata ?? {};
  let mismatch: string | undefined;
  if (preconditions.uid !== undefined && preconditions.uid !== meta.uid)
    mismatch = `UID in precondition: ${preconditions.uid}, UID in object meta: ${meta.uid}`;
  else if (
    preconditions.resourceVersion !== undefined &&
    preconditions.resourceVersion !== meta.resourceVersion
  )
    mismatch = `ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in object meta: ${meta.resourceVersion}`;
  if (mismatch)
    throw fail(
      409,
      `Operation cannot be fulfilled on ${r.plural}${r.group ? `.${r.group}` : ''} "${t.name}": Precondition failed: ${mismatch}`,
      {
        reason: 'Conflict',
        details: { name: t.name, group: r.group, kind: r.plural },
      },
    );
  if (!isDry) store.delete(apiVersionOf(r), r.kind, t.namespace, t.name!);
  ex.sendJson(
    200,
    success({
      name: t.name,
      group: r.group,
      kind: r.plural,
      uid: existing.metadata?.uid as string,
    }),
  );
}
