import { randomBytes } from 'crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import http from 'http';
import https from 'https';
import { AddressInfo, Socket } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { Catalogue, ResourceDef } from './catalogue';
import { generateTestCertificates, TestCertificates } from './certs';
import { Exchange, RequestLogEntry } from './exchange';
import { Faults } from './faults';
import { loadFixtures } from './fixtures';
import {
  resolve,
  ResourceTarget,
  selectors,
  serveCreate,
  serveDelete,
  serveDiscovery,
  serveGet,
  serveList,
  servePatch,
  serveUpdate,
} from './routes';
import { failure, StatusError } from './status';
import { ObjectStore } from './store';
import { OpenWatch, serveWatch } from './watch';

/** What a bearer token may do. */
export interface TokenGrant {
  /** Resource plurals (`pods`, `ciliumnetworkpolicies`) or `'*'`. Default `['*']`. */
  allow?: string[];
  /** Verbs (`get`, `list`, `watch`, `create`, `update`, `patch`, `delete`) or `'*'`. Default `['*']`. */
  verbs?: string[];
  /** The user name in 403 messages and the request log. */
  user?: string;
}

export interface KubeApiServerOptions {
  /** HTTPS with a generated CA (default true); false serves plain HTTP. */
  tls?: boolean;
  /** Tokens and their grants. Default: one generated token allowed everything. */
  tokens?: Record<string, TokenGrant>;
  /** A YAML file, a directory of YAML files, or objects. */
  fixtures?: string | unknown[];
  /** Name used for the cluster in `kubeconfig()`. Default `test`. */
  clusterName?: string;
  port?: number;
  host?: string;
  /** Groups (`'spire.spiffe.io'`) or types (`'cilium.io/ciliumclusterwidenetworkpolicies'`) not served. */
  removed?: string[];
  /** Extra resource types (CRDs) to serve. */
  resources?: ResourceDef[];
  /** Watch events retained for resuming; older versions get 410. Default 10000. */
  historyLimit?: number;
  /** How often watches with allowWatchBookmarks get a BOOKMARK. Default 1000 ms; 0 = never. */
  bookmarkIntervalMs?: number;
  /** Watch length when the client sends no timeoutSeconds. Default 1800. */
  watchTimeoutSeconds?: number;
}

export interface KubeApiServer {
  url: string;
  /** The CA certificate, base64 of the PEM (kubeconfig's certificate-authority-data). */
  caData: string;
  /** The CA PEM written to a temporary file (removed by stop()). */
  caFile?: string;
  token: string;
  port: number;
  store: ObjectStore;
  catalogue: Catalogue;
  faults: Faults;
  requestLog: RequestLogEntry[];
  /** Sends a BOOKMARK now on every open watch that allows them. */
  sendBookmarks(): number;
  /** Open watch streams right now. */
  openWatches(): number;
  /** A kubeconfig object (for `KubeConfig.loadFromOptions` or YAML). */
  kubeconfig(token?: string): KubeconfigObject;
  stop(): Promise<void>;
}

export interface KubeconfigObject {
  apiVersion: 'v1';
  kind: 'Config';
  clusters: Array<{
    name: string;
    cluster: { server: string; 'certificate-authority-data'?: string };
  }>;
  users: Array<{ name: string; user: { token: string } }>;
  contexts: Array<{ name: string; context: { cluster: string; user: string } }>;
  'current-context': string;
}

// Key generation dominates start-up time; one CA per process is plenty for tests.
let certificates: TestCertificates | undefined;
const sharedCertificates = () => (certificates ??= generateTestCertificates());

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

const userName = (tokens: Record<string, TokenGrant>, token: string) =>
  tokens[token]?.user ?? `token-${Object.keys(tokens).indexOf(token)}`;

function authorize(
  ex: Exchange,
  tokens: Record<string, TokenGrant>,
): TokenGrant & { user: string } {
  const token = ex.bearerToken();
  const grant = token !== undefined ? tokens[token] : undefined;
  if (!grant) throw new StatusError(failure(401, 'Unauthorized'));
  return { ...grant, user: userName(tokens, token!) };
}

function checkAccess(grant: TokenGrant & { user: string }, t: ResourceTarget) {
  const allow = grant.allow ?? ['*'];
  const verbs = grant.verbs ?? ['*'];
  const r = t.resource;
  if (
    (allow.includes('*') || allow.includes(r.plural)) &&
    (verbs.includes('*') || verbs.includes(t.verb))
  ) {
    return;
  }
  const where = t.namespace
    ? ` in the namespace "${t.namespace}"`
    : ' at the cluster scope';
  throw new StatusError(
    failure(
      403,
      `${r.plural}${r.group ? `.${r.group}` : ''}${t.name ? ` "${t.name}"` : ''} is forbidden: User "${grant.user}" cannot ${t.verb} resource "${r.plural}" in API group "${r.group}"${where}`,
      { details: { name: t.name, group: r.group, kind: r.plural } },
    ),
  );
}

/**
 * Starts a Kubernetes-API-compatible server on 127.0.0.1 (random port by
 * default): discovery, list/get/watch with resource versions, create,
 * server-side apply, delete, bearer tokens and fault injection.
 */
export async function startKubeApiServer(
  options: KubeApiServerOptions = {},
): Promise<KubeApiServer> {
  const tls = options.tls ?? true;
  const host = options.host ?? '127.0.0.1';
  const catalogue = new Catalogue();
  for (const r of options.resources ?? []) catalogue.add(r);
  const store = new ObjectStore(catalogue, {
    historyLimit: options.historyLimit,
  });
  if (options.fixtures) {
    for (const obj of loadFixtures(options.fixtures)) store.upsert(obj);
  }
  for (const spec of options.removed ?? []) {
    const [group, plural] = spec.split('/');
    catalogue.remove(group === 'core' ? '' : group, plural);
  }

  const adminToken = randomBytes(24).toString('hex');
  const tokens = options.tokens ?? {
    [adminToken]: { allow: ['*'], user: 'admin' },
  };
  const token = options.tokens ? Object.keys(options.tokens)[0] : adminToken;
  const userOf = (t: string) => userName(tokens, t);

  const certs = tls ? sharedCertificates() : undefined;
  const requestLog: RequestLogEntry[] = [];
  const watches = new Set<OpenWatch>();
  const sockets = new Set<Socket>();
  let address = '';

  catalogue.onRemove(r => {
    // A deleted CRD ends its watches; the client's re-watch then gets 404.
    for (const w of [...watches]) if (w.resource === r) w.close(true);
  });

  // The connection-level hooks are filled in once the server exists.
  const hooks: ConstructorParameters<typeof Faults>[0] = {
    dropWatches: graceful => {
      const n = watches.size;
      for (const w of [...watches]) w.close(graceful);
      return n;
    },
    refuse: async () => {},
    resume: async () => {},
  };
  const faults = new Faults(hooks);

  const handle = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ) => {
    const ex = new Exchange(req, res, {
      time: new Date().toISOString(),
      method: (req.method ?? 'GET').toUpperCase(),
      path: '',
      query: {},
      status: 0,
      watch: false,
    });
    ex.log.path = ex.path;
    ex.log.query = Object.fromEntries(ex.query);
    ex.log.watch = ex.watch;
    requestLog.push(ex.log);
    const bearer = ex.bearerToken();
    if (bearer !== undefined && tokens[bearer]) ex.log.user = userOf(bearer);
    try {
      const info = { method: ex.method, path: ex.path, watch: ex.watch };
      const delay = faults.delayFor(info);
      if (delay > 0) await sleep(delay);
      const injected = faults.takeFailure(info);
      if (injected)
        throw new StatusError(failure(injected.status, injected.message));
      const grant = authorize(ex, tokens);
      const target = resolve(ex, catalogue);
      if (target === 'discovery') {
        if (ex.method !== 'GET')
          throw new StatusError(failure(405, 'method not allowed'));
        serveDiscovery(ex, catalogue, address);
        return;
      }
      checkAccess(grant, target);
      const watchOptions = {
        bookmarkIntervalMs: options.bookmarkIntervalMs ?? 1000,
        defaultTimeoutSeconds: options.watchTimeoutSeconds ?? 1800,
        registry: watches,
      };
      const handlers: Record<
        ResourceTarget['verb'],
        (t: ResourceTarget) => void | Promise<void>
      > = {
        list: t => serveList(ex, store, t),
        watch: t =>
          serveWatch(ex, {
            ...watchOptions,
            store,
            resource: t.resource,
            namespace: t.namespace,
            matches: selectors(ex),
          }),
        get: t => serveGet(ex, store, t),
        create: t => serveCreate(ex, store, t),
        update: t => serveUpdate(ex, store, t),
        patch: t => servePatch(ex, store, t),
        delete: t => serveDelete(ex, store, t),
      };
      await handlers[target.verb](target);
    } catch (e) {
      if (e instanceof StatusError) ex.sendStatus(e.status);
      else ex.sendStatus(failure(500, (e as Error).message ?? String(e)));
    }
  };

  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(req, res).catch(() => res.destroy());
  };
  const server = certs
    ? https.createServer(
        { key: certs.serverKey, cert: certs.serverCert },
        listener,
      )
    : http.createServer(listener);
  // Track sockets so faults can cut them and stop() does not wait on keep-alives.
  server.on(certs ? 'secureConnection' : 'connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  const listen = (port: number) =>
    new Promise<void>((ok, ko) => {
      server.once('error', ko);
      server.listen(port, host, () => {
        server.off('error', ko);
        ok();
      });
    });
  const cutAll = () => {
    for (const w of [...watches]) w.close(false);
    for (const s of sockets) s.destroy();
  };
  let listening = false;
  let port = 0;
  const close = () =>
    new Promise<void>(ok => {
      if (!listening) {
        ok();
        return;
      }
      listening = false;
      server.close(() => ok());
      cutAll();
    });
  hooks.refuse = close;
  hooks.resume = async () => {
    if (listening) return;
    await listen(port);
    listening = true;
  };

  await listen(options.port ?? 0);
  listening = true;
  port = (server.address() as AddressInfo).port;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const url = `${tls ? 'https' : 'http'}://${hostPart}:${port}`;
  address = `${hostPart}:${port}`;

  let caFile: string | undefined;
  let caDir: string | undefined;
  if (certs) {
    caDir = mkdtempSync(join(tmpdir(), 'kube-api-'));
    caFile = join(caDir, 'ca.crt');
    writeFileSync(caFile, certs.caCert);
  }
  const caData = certs ? Buffer.from(certs.caCert).toString('base64') : '';
  const clusterName = options.clusterName ?? 'test';

  return {
    url,
    caData,
    caFile,
    token,
    port,
    store,
    catalogue,
    faults,
    requestLog,
    sendBookmarks: () => {
      watches.forEach(w => w.bookmark());
      return watches.size;
    },
    openWatches: () => watches.size,
    kubeconfig: (t = token) => ({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: clusterName,
          cluster: {
            server: url,
            ...(caData ? { 'certificate-authority-data': caData } : {}),
          },
        },
      ],
      users: [{ name: `${clusterName}-user`, user: { token: t } }],
      contexts: [
        {
          name: clusterName,
          context: { cluster: clusterName, user: `${clusterName}-user` },
        },
      ],
      'current-context': clusterName,
    }),
    stop: async () => {
      await close();
      if (caDir) rmSync(caDir, { recursive: true, force: true });
    },
  };
}
