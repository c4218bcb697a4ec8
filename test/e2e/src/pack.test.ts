/*
 * The four published packages, as `npm pack` makes them: built once (`npm run build`: root tsc
 * into dist-types, then `backstage-cli repo build`), packed through backstage-cli's
 * prepack/postpack, then checked for what an installer needs (built JavaScript, type
 * declarations, config schema, migrations, OpenAPI document, RBAC) and for no TypeScript
 * sources. The CLI and common tarballs are installed into a scratch project outside the repo and
 * the `ytk` command is run from there, with no transpiler.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { repoRoot } from './portal';
import { serveApp } from './staticServer';
import {
  buildScratchApp,
  type FrontendSystem,
  installScratchApp,
  writeAppSources,
} from './install/scratchApp';
import { freePort } from './ports';
import { codeBlock } from './install/markdownBlocks';
import {
  dropDatabases,
  installDoc,
  installScratchBackend,
  outsideNpmEnv,
  pgConnection,
  psql,
  startScratchBackend,
  typeErrors,
  writeDocSources,
  type RunningBackend,
} from './install/scratchBackend';
import { CATALOG, MANIFESTS, testConfig } from './install/scratchFixtures';

const BUILD = 300_000;
const INSTALL = 300_000;
// A Backstage backend's dependencies (about 600 packages) come through npm's cache.
const BACKEND_INSTALL = 600_000;
const START = 120_000;
// The app's dependencies include @backstage/cli and its bundler (about 1,000 packages).
const APP_INSTALL = 900_000;
const STEP = 60_000;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

type Packed = {
  name: string;
  filename: string;
  size: number;
  entryCount: number;
  files: { path: string }[];
};

const PACKAGES = {
  common: {
    workspace: 'packages/common',
    name: '@ytknetwork/common',
    required: ['dist/index.cjs.js', 'dist/index.esm.js', 'dist/index.d.ts'],
  },
  cli: {
    workspace: 'packages/cli',
    name: '@ytknetwork/cli',
    required: ['bin/ytk', 'dist/index.cjs.js', 'dist/main.cjs.js'],
  },
  frontend: {
    workspace: 'plugins/ytk-frontend',
    name: '@ytknetwork/backstage-plugin-ytk',
    required: [
      'dist/index.esm.js',
      'dist/index.d.ts',
      'dist/alpha.esm.js',
      'dist/alpha.d.ts',
      'config.schema.json',
    ],
  },
  backend: {
    workspace: 'plugins/ytk-backend',
    name: '@ytknetwork/backstage-plugin-ytk-backend',
    required: [
      'dist/index.cjs.js',
      'dist/index.d.ts',
      'dist/lintWorker.cjs.js',
      'config.schema.json',
      'migrations/20261123000000_peering.js',
      'proto/observer/observer.proto',
      'proto/flow/flow.proto',
      'proto/relay/relay.proto',
      'proto/README.md',
      'src/schema/openapi.yaml',
      'deploy/rbac.yaml',
    ],
  },
} as const;

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec: { containers: [{ name: api, image: api, ports: [{ containerPort: 9090 }] }] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: api-from-web, namespace: shop }
spec:
  podSelector: { matchLabels: { app: api } }
  policyTypes: [Ingress]
  ingress:
    - from: [{ podSelector: { matchLabels: { app: web } } }]
      ports: [{ port: 9090 }]
`;

/**
 * `npm pack --json` prints an array of results up to npm 11; npm 12 prints an object keyed by
 * package name when `-w` is given. Accept both, and say what was seen otherwise.
 */
function packResult(json: unknown, name: string): Packed {
  const candidates = Array.isArray(json)
    ? json
    : Object.values((json ?? {}) as Record<string, unknown>);
  const found = (candidates as Packed[]).find(r => r && r.name === name);
  if (!found) {
    throw new Error(
      `npm pack --json printed no result for ${name}: ${JSON.stringify(json).slice(0, 500)}`,
    );
  }
  return found;
}

function tarEntry(tarball: string, path: string): string {
  return execFileSync('tar', ['-xzOf', tarball, `package/${path}`], {
    encoding: 'utf8',
  });
}

describe('npm pack of the published packages', () => {
  const packed: Record<string, Packed & { tarball: string }> = {};
  let packDir: string;

  beforeAll(() => {
    execFileSync(npm, ['run', 'build'], { cwd: repoRoot, stdio: 'pipe' });
    packDir = mkdtempSync(join(tmpdir(), 'ytk-pack-'));
    for (const [key, pkg] of Object.entries(PACKAGES)) {
      const out = execFileSync(
        npm,
        ['pack', '--json', '-w', pkg.workspace, '--pack-destination', packDir],
        { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const result = packResult(JSON.parse(out), pkg.name);
      packed[key] = { ...result, tarball: join(packDir, result.filename) };
    }
  }, BUILD);

  afterAll(() => {
    if (packDir) rmSync(packDir, { recursive: true, force: true });
  });

  it.each(Object.entries(PACKAGES))(
    '%s: built JavaScript, declarations and shipped assets; no TypeScript sources',
    (key, pkg) => {
      const result = packed[key];
      expect(result.name).toBe(pkg.name);
      const paths = result.files.map(f => f.path);
      expect(paths).toEqual(expect.arrayContaining([...pkg.required]));
      const sources = paths.filter(
        p => /\.(ts|tsx|mts|cts)$/.test(p) && !p.endsWith('.d.ts'),
      );
      expect(sources).toEqual([]);

      const manifest = JSON.parse(tarEntry(result.tarball, 'package.json'));
      expect(manifest.main).toMatch(/^(\.\/)?dist\/index\.(cjs|esm)\.js$/);
      expect(paths).toContain(manifest.main.replace(/^\.\//, ''));
      // The CLI role builds no declarations; the libraries and plugins do.
      expect(manifest.types?.replace(/^\.\//, '')).toBe(
        key === 'cli' ? undefined : 'dist/index.d.ts',
      );
      // Nothing on the runtime path transpiles: no compiler among the runtime dependencies.
      const transpilers = ['sucrase', 'typescript', 'ts-node', 'esbuild'];
      expect(
        Object.keys(manifest.dependencies ?? {}).filter(d =>
          transpilers.includes(d),
        ),
      ).toEqual([]);
    },
  );

  it('backend: names its frontend plugin package; cli: ytk runs bin/ytk', () => {
    const backend = JSON.parse(
      tarEntry(packed.backend.tarball, 'package.json'),
    );
    expect(backend.backstage.pluginPackages).toEqual([
      '@ytknetwork/backstage-plugin-ytk',
      '@ytknetwork/backstage-plugin-ytk-backend',
    ]);
    const cli = JSON.parse(tarEntry(packed.cli.tarball, 'package.json'));
    expect(cli.bin).toEqual({ ytk: 'bin/ytk' });
    expect(tarEntry(packed.cli.tarball, 'bin/ytk')).toContain(
      'dist/main.cjs.js',
    );
  });

  describe('installed outside the repository', () => {
    let project: string;

    beforeAll(() => {
      project = mkdtempSync(join(tmpdir(), 'ytk-install-'));
      writeFileSync(
        join(project, 'package.json'),
        JSON.stringify({ name: 'ytk-install-check', private: true }, null, 2),
      );
      writeFileSync(join(project, 'app.yaml'), MANIFEST);
      execFileSync(
        npm,
        [
          'install',
          packed.common.tarball,
          packed.cli.tarball,
          '--no-audit',
          '--no-fund',
          '--prefer-offline',
          '--ignore-scripts',
        ],
        { cwd: project, stdio: 'pipe' },
      );
    }, INSTALL);

    afterAll(() => {
      if (project) rmSync(project, { recursive: true, force: true });
    });

    const ytk = (...args: string[]) =>
      spawnSync('npx', ['--no-install', 'ytk', ...args], {
        cwd: project,
        encoding: 'utf8',
        timeout: 60_000,
        // Neither this repository's npm settings nor the test runner's TypeScript hook.
        env: outsideNpmEnv(),
      });

    /** What ytk printed on stderr: npx's own notices (npm 12 prints `npm notice run …`) aside. */
    const ytkStderr = (stderr: string) =>
      stderr
        .split('\n')
        .filter(l => l && !/^npm (notice|warn) /.test(l))
        .join('\n');

    it('npx ytk connectivity prints JSON', () => {
      const run = ytk('connectivity', '--format', 'json', 'app.yaml');
      expect(ytkStderr(run.stderr)).toBe('');
      expect(run.status).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(report.connections).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            from: expect.objectContaining({ name: 'web' }),
            to: expect.objectContaining({ name: 'api' }),
          }),
        ]),
      );
    });

    it('npx ytk lint --format sarif prints SARIF 2.1.0', () => {
      const run = ytk('lint', '--format', 'sarif', 'app.yaml');
      const sarif = JSON.parse(run.stdout);
      expect(sarif.version).toBe('2.1.0');
      expect(sarif.runs[0].tool.driver.name).toBe('ytk');
      expect(Array.isArray(sarif.runs[0].results)).toBe(true);
    });
  });

  describe('a separate Backstage backend, as docs/install.md builds it', () => {
    let dir: string;
    let backend: RunningBackend | undefined;
    let appPort: number;
    const dbPrefix = `ytk_install_${process.pid}_`;

    beforeAll(async () => {
      dropDatabases(dbPrefix); // a killed earlier run's
      dir = mkdtempSync(join(tmpdir(), 'ytk-backstage-backend-'));
      const ms = installScratchBackend(dir, [
        packed.common.tarball,
        packed.backend.tarball,
      ]);
      // For the record (issue note): the install time of the separate backend.
      process.stdout.write(`scratch backend: npm install took ${ms} ms\n`);
      writeDocSources(dir);
      writeFileSync(
        join(dir, 'app-config.yaml'),
        codeBlock(installDoc, 'app-config.yaml'),
      );
      const port = await freePort();
      appPort = await freePort();
      writeFileSync(
        join(dir, 'app-config.test.yaml'),
        testConfig({ port, appUrl: `http://127.0.0.1:${appPort}`, dbPrefix }),
      );
      writeFileSync(join(dir, 'catalog.yaml'), CATALOG);
      mkdirSync(join(dir, 'manifests/eu-west'), { recursive: true });
      writeFileSync(join(dir, 'manifests/eu-west/apps.yaml'), MANIFESTS);
      // The doc's app-config reads the database from the environment, as create-app's does.
      const pg = new URL(pgConnection());
      backend = await startScratchBackend(
        dir,
        ['app-config.yaml', 'app-config.test.yaml'],
        port,
        {
          POSTGRES_HOST: pg.hostname,
          POSTGRES_PORT: pg.port || '5432',
          POSTGRES_USER: decodeURIComponent(pg.username),
          POSTGRES_PASSWORD: decodeURIComponent(pg.password),
        },
        START,
      );
    }, BACKEND_INSTALL + START);

    afterAll(async () => {
      await backend?.stop();
      dropDatabases(dbPrefix);
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const running = () => {
      if (!backend) throw new Error('the scratch backend did not start');
      return backend;
    };

    const signIn = async (): Promise<string> => {
      const res = await fetch(`${running().url}/api/auth/guest/refresh`, {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      });
      if (!res.ok)
        throw new Error(`guest sign-in: ${res.status} ${await res.text()}`);
      return (await res.json()).backstageIdentity.token;
    };

    const get = async (path: string, token?: string) => {
      const res = await fetch(`${running().url}/api/ytk${path}`, {
        headers: token ? { Authorization: `Bearer ${token}` } : {},
      });
      return { status: res.status, body: await res.json().catch(() => null) };
    };

    it("the doc's TypeScript compiles against the packed declarations", () => {
      expect(typeErrors(dir)).toEqual([]);
    });

    it('ran its migrations in its own PostgreSQL database', () => {
      expect(
        psql(`${dbPrefix}ytk`, 'select name from ytk_knex_migrations'),
      ).toContain('20261123000000_peering.js');
    });

    it('refuses a request without a signed-in user (401)', async () => {
      expect((await get('/clusters')).status).toBe(401);
    });

    it("shows a signed-in member the team's workloads, not another team's", async () => {
      // The guest sign-in carries the user's groups once the catalog holds the user; the
      // catalog ingests its file location shortly after start, so wait for that condition.
      const deadline = Date.now() + START;
      let seen: unknown;
      for (;;) {
        const teams = await get('/teams', await signIn());
        seen = teams;
        if (
          teams.status === 200 &&
          (teams.body as { name: string }[]).some(t => t.name === 'shop-team')
        )
          break;
        if (Date.now() > deadline)
          throw new Error(
            `alice never got her team: last GET /teams ${JSON.stringify(seen)}\n${running().output().slice(-3000)}`,
          );
        await new Promise(r => setTimeout(r, 500));
      }
      const token = await signIn();
      const overview = await get('/teams/shop-team/overview', token);
      expect(overview.status).toBe(200);
      const names = (overview.body.workloads as { name: string }[])
        .map(w => w.name)
        .sort();
      expect(names).toEqual(['api', 'web']);
      const clusters = await get('/clusters', token);
      expect(clusters.body).toEqual([
        expect.objectContaining({
          name: 'eu-west',
          counts: expect.objectContaining({ workloads: 3, policies: 2 }),
        }),
      ]);
      // Peering requests live in the plugin's database tables.
      expect((await get('/peering', token)).status).toBe(200);
    });
    describe('and a separate Backstage app, on each frontend system', () => {
      let appDir: string;
      const dists: Partial<Record<FrontendSystem, string>> = {};
      let browser: Browser | undefined;

      beforeAll(
        async () => {
          appDir = mkdtempSync(join(tmpdir(), 'ytk-backstage-app-'));
          const installMs = installScratchApp(appDir, [
            packed.common.tarball,
            packed.frontend.tarball,
          ]);
          const buildMs: string[] = [];
          for (const system of ['new', 'legacy'] as const) {
            writeAppSources(appDir, system);
            const { dist, ms } = await buildScratchApp(appDir, system);
            dists[system] = dist;
            buildMs.push(`${system} ${ms} ms`);
          }
          // For the record (issue note): install and build time of the separate app.
          process.stdout.write(
            `scratch app: npm install took ${installMs} ms, backstage-cli package build: ${buildMs.join(', ')}\n`,
          );
          browser = await launchBrowser();
        },
        APP_INSTALL + 2 * BUILD,
      );

      afterAll(async () => {
        await browser?.close();
        if (appDir) rmSync(appDir, { recursive: true, force: true });
      });

      /** Serves one build on the origin the backend allows, with a fresh page, for `body`. */
      async function withApp(
        system: FrontendSystem,
        body: (page: Page, appUrl: string) => Promise<void>,
      ): Promise<void> {
        const appUrl = `http://127.0.0.1:${appPort}`;
        const server: Server = await serveApp(dists[system]!, appPort, {
          app: { baseUrl: appUrl },
          backend: { baseUrl: running().url },
        });
        const context = await browser!.newContext();
        try {
          const page = await context.newPage();
          await page.goto(appUrl, { timeout: STEP });
          await page
            .getByRole('button', { name: 'Enter' })
            .click({ timeout: STEP });
          // Signed in once the sign-in page is gone.
          await page
            .getByRole('button', { name: 'Enter' })
            .waitFor({ state: 'detached', timeout: STEP });
          await body(page, appUrl);
        } finally {
          await context.close();
          await new Promise(r => server.close(r));
        }
      }

      async function expectNetworkPage(page: Page, appUrl: string) {
        await page.goto(`${appUrl}/ytk`, { timeout: STEP });
        const cluster = page.getByTestId('ytk-cluster-eu-west');
        await cluster.waitFor({ timeout: STEP });
        await expect(cluster.textContent()).resolves.toContain('connected');
        const graph = page.getByTestId('ytk-graph');
        await graph.waitFor({ timeout: STEP });
        for (const name of ['web', 'api'])
          await graph
            .getByTestId(`ytk-node-eu-west/shop/Deployment/${name}`)
            .waitFor({ timeout: STEP });
        // billing is another team's and isolated (no ingress, no egress): not in alice's graph.
        await expect(
          graph
            .getByTestId('ytk-node-eu-west/billing/Deployment/billing')
            .count(),
        ).resolves.toBe(0);
        await page.goto(`${appUrl}/catalog/default/component/web/network`, {
          timeout: STEP,
        });
        await page.getByTestId('ytk-entity-network').waitFor({ timeout: STEP });
      }

      it(
        'new frontend system (/alpha): the Network page and the entity Network tab render',
        () => withApp('new', (page, url) => expectNetworkPage(page, url)),
        STEP * 8,
      );

      it(
        'legacy frontend system: the Network page, the entity Network tab and the entity card render',
        () =>
          withApp('legacy', async (page, appUrl) => {
            await expectNetworkPage(page, appUrl);
            await page
              .getByRole('link', { name: 'Network' })
              .first()
              .waitFor({ timeout: STEP });
            await page.goto(`${appUrl}/catalog/default/component/web`, {
              timeout: STEP,
            });
            await page
              .getByTestId('ytk-entity-card')
              .waitFor({ timeout: STEP });
          }),
        STEP * 8,
      );
    });
  });
});
