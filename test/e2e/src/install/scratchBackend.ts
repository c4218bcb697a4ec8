/*
 * A Backstage backend that is not part of this repository: its own package.json, the registry
 * (through npm's cache) for Backstage, the packed tarballs for ytk, the code docs/install.md
 * shows, PostgreSQL for its databases. It is what an admin of an existing Backstage app ends up
 * with after following the doc.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { codeBlock } from './markdownBlocks';
import { repoRoot, stopGroup } from '../portal';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
export const installDoc = join(repoRoot, 'docs/install.md');

/** The backend's own sources, as docs/install.md shows them. */
export const DOC_SOURCES = [
  'packages/backend/src/index.ts',
  'packages/backend/src/permissionPolicy.ts',
] as const;

/** Backstage packages a create-app backend has, at the versions this repository resolves. */
const BACKSTAGE_DEPS = [
  '@backstage/backend-defaults',
  '@backstage/backend-plugin-api',
  '@backstage/plugin-auth-backend',
  '@backstage/plugin-auth-backend-module-guest-provider',
  '@backstage/plugin-catalog-backend',
  '@backstage/plugin-permission-backend',
  '@backstage/plugin-permission-common',
  '@backstage/plugin-permission-node',
  'pg',
];

/** The version this repository resolves, so the scratch install hits npm's cache. */
export function installedVersion(pkg: string): string {
  return require(require.resolve(`${pkg}/package.json`, { paths: [repoRoot] }))
    .version;
}

/**
 * npm, run from `npm test`, hands this repository's settings (strict-allow-scripts,
 * legacy-peer-deps, …) down as npm_config_* variables; the scratch app is not this
 * repository and must install with its own (the user's) settings. The cache stays shared.
 */
export function outsideNpmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    const key = k.toLowerCase();
    if (key.startsWith('npm_') && key !== 'npm_config_cache') continue;
    env[k] = v;
  }
  return { ...env, NODE_OPTIONS: '' };
}

/** Writes package.json and installs; returns how long the install took (ms). */
export function installScratchBackend(dir: string, tarballs: string[]): number {
  const dependencies: Record<string, string> = {};
  for (const pkg of BACKSTAGE_DEPS) dependencies[pkg] = installedVersion(pkg);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify(
      { name: 'scratch-backstage-backend', private: true, dependencies },
      null,
      2,
    ),
  );
  const started = Date.now();
  execFileSync(
    npm,
    ['install', ...tarballs, '--no-audit', '--no-fund', '--prefer-offline'],
    { cwd: dir, stdio: 'pipe', env: outsideNpmEnv() },
  );
  return Date.now() - started;
}

function compilerOptions(): ts.CompilerOptions {
  // Backstage's own tsconfig (@backstage/cli/config/tsconfig.json), minus the test-only types.
  return {
    module: ts.ModuleKind.ES2020,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    noUnusedLocals: true,
    noImplicitReturns: true,
    types: [],
  };
}

/** Writes the doc's TypeScript into the scratch backend and transpiles it to CommonJS. */
export function writeDocSources(dir: string): void {
  for (const file of DOC_SOURCES) {
    const source = codeBlock(installDoc, file);
    const target = join(dir, file);
    mkdirSync(join(target, '..'), { recursive: true });
    writeFileSync(target, source);
    const js = ts.transpileModule(source, {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
      fileName: file,
    }).outputText;
    writeFileSync(target.replace(/\.ts$/, '.js'), js);
  }
}

/** Type errors of the doc's TypeScript against the installed (packed) declarations. */
export function typeErrors(dir: string): string[] {
  const program = ts.createProgram(
    DOC_SOURCES.map(f => join(dir, f)),
    compilerOptions(),
  );
  return ts
    .getPreEmitDiagnostics(program)
    .map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
    .map((m, i, all) => (all.length > 1 ? `${i + 1}: ${m}` : m));
}

export interface RunningBackend {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `node packages/backend/src/index.js` with the given config files; waits for readiness. */
export async function startScratchBackend(
  dir: string,
  configFiles: string[],
  port: number,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<RunningBackend> {
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const child: ChildProcess = spawn(
    process.execPath,
    [
      'packages/backend/src/index.js',
      ...configFiles.flatMap(f => ['--config', f]),
    ],
    {
      cwd: dir,
      detached: true,
      env: { ...outsideNpmEnv(), ...env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', d => (log += d));
  child.stderr?.on('data', d => (log += d));
  const backend = { url, output: () => log, stop: () => stopGroup(child) };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(
        `scratch backend exited with code ${child.exitCode}\n${log}`,
      );
    }
    try {
      const res = await fetch(`${url}/.backstage/health/v1/readiness`);
      if (res.ok) return backend;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await backend.stop();
      throw new Error(
        `scratch backend not ready after ${timeoutMs} ms\n${log}`,
      );
    }
    await new Promise(r => setTimeout(r, 500));
  }
}

/** The PostgreSQL the tests use (as the backend plugin's tests): YTK_TEST_PG_CONNECTION or local. */
export function pgConnection(database = 'postgres'): string {
  const url = new URL(
    process.env.YTK_TEST_PG_CONNECTION ??
      'postgresql://postgres@127.0.0.1:5432/postgres',
  );
  url.pathname = `/${database}`;
  return url.toString();
}

/** psql (Debian's, beside the server) against that PostgreSQL. */
export function psql(database: string, sql: string): string {
  return execFileSync('psql', [pgConnection(database), '-Atc', sql], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/** Drops every database whose name starts with `prefix` (the backend's per-plugin ones). */
export function dropDatabases(prefix: string): void {
  const names = psql(
    'postgres',
    `select datname from pg_database where datname like '${prefix}%'`,
  )
    .split('\n')
    .filter(Boolean);
  for (const name of names)
    psql('postgres', `drop database if exists "${name}" with (force)`);
}
