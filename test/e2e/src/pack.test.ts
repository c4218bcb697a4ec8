/*
 * The four published packages, as `npm pack` makes them: built once (`npm run build`: root tsc
 * into dist-types, then `backstage-cli repo build`), packed through backstage-cli's
 * prepack/postpack, then checked for what an installer needs (built JavaScript, type
 * declarations, config schema, migrations, OpenAPI document, RBAC) and for no TypeScript
 * sources. The CLI and common tarballs are installed into a scratch project outside the repo and
 * the `ytk` command is run from there, with no transpiler.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './portal';

const BUILD = 300_000;
const INSTALL = 300_000;
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
        // No TypeScript hook inherited from the test runner.
        env: { ...process.env, NODE_OPTIONS: '' },
      });

    it('npx ytk connectivity prints JSON', () => {
      const run = ytk('connectivity', '--format', 'json', 'app.yaml');
      expect(run.stderr).toBe('');
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
});
