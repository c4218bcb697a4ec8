/*
 * A Backstage frontend app that is not part of this repository: its own package.json, Backstage
 * and @backstage/cli from the registry (through npm's cache), the packed ytk tarballs, and the
 * sources that docs/install.md shows for the new and for the legacy frontend system, each built by
 * the app's own backstage-cli.
 */
import { spawn, execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { codeBlock } from './markdownBlocks';
import { installDoc, installedVersion, outsideNpmEnv } from './scratchBackend';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export type FrontendSystem = 'new' | 'legacy';

/** The app's sources, as docs/install.md shows them, under the section of each system. */
const APP_DOC_SOURCES: Record<
  FrontendSystem,
  { heading: string; files: string[] }
> = {
  new: {
    heading: 'Frontend, new frontend system',
    files: ['packages/app/src/App.tsx', 'packages/app/src/index.tsx'],
  },
  legacy: {
    heading: 'Frontend, legacy frontend system',
    files: [
      'packages/app/src/App.tsx',
      'packages/app/src/components/catalog/EntityPage.tsx',
      'packages/app/src/index.tsx',
    ],
  },
};

// What the doc's sources of both systems import.
const DEPENDENCIES = [
  '@backstage/app-defaults',
  '@backstage/core-app-api',
  '@backstage/core-components',
  '@backstage/frontend-defaults',
  '@backstage/frontend-plugin-api',
  '@backstage/plugin-app-react',
  '@backstage/plugin-catalog',
  '@material-ui/core',
  '@material-ui/icons',
  'react',
  'react-dom',
  'react-router-dom',
];

// create-app's public/index.html, which backstage-cli fills in at build time.
const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title><%= config.getString('app.title') %></title>
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>
`;

/** Writes package.json and installs; returns how long the install took (ms). */
export function installScratchApp(dir: string, tarballs: string[]): number {
  const dependencies: Record<string, string> = {};
  for (const pkg of DEPENDENCIES) dependencies[pkg] = installedVersion(pkg);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify(
      {
        name: 'app',
        version: '0.0.0',
        private: true,
        backstage: { role: 'frontend' },
        dependencies,
        devDependencies: {
          '@backstage/cli': installedVersion('@backstage/cli'),
        },
        browserslist: {
          production: ['>0.2%', 'not dead', 'not op_mini all'],
        },
      },
      null,
      2,
    ),
  );
  // Material UI v4 (core-components) declares React 16/17 peers: npm needs this, yarn does not.
  writeFileSync(join(dir, '.npmrc'), 'legacy-peer-deps=true\n');
  const started = Date.now();
  execFileSync(
    npm,
    ['install', ...tarballs, '--no-audit', '--no-fund', '--prefer-offline'],
    { cwd: dir, stdio: 'pipe', env: outsideNpmEnv() },
  );
  return Date.now() - started;
}

/**
 * One system's sources from the doc under src/ (the package dir stands for packages/app), in place
 * of the other's; public/index.html and a build-time app-config.
 */
export function writeAppSources(dir: string, system: FrontendSystem): void {
  const { heading, files } = APP_DOC_SOURCES[system];
  rmSync(join(dir, 'src'), { recursive: true, force: true });
  for (const file of files) {
    const target = join(dir, file.replace(/^packages\/app\//, ''));
    mkdirSync(join(target, '..'), { recursive: true });
    writeFileSync(target, codeBlock(installDoc, file, { heading }));
  }
  mkdirSync(join(dir, 'public'), { recursive: true });
  writeFileSync(join(dir, 'public/index.html'), INDEX_HTML);
  writeFileSync(
    join(dir, 'app-config.yaml'),
    // Build-time config only: the server injects the run's URLs (see staticServer).
    'app:\n  title: Scratch Backstage\n  baseUrl: http://localhost:3000\nbackend:\n  baseUrl: http://localhost:7007\n',
  );
}

/**
 * `backstage-cli package build` with the app's own CLI; the output moves to dist-<system>/ so that
 * the next build does not overwrite it. Returns that directory and the build time.
 */
export async function buildScratchApp(
  dir: string,
  system: FrontendSystem,
): Promise<{ dist: string; ms: number }> {
  const started = Date.now();
  await new Promise<void>((ok, fail) => {
    const child = spawn(
      join(dir, 'node_modules/.bin/backstage-cli'),
      ['package', 'build', '--config', 'app-config.yaml'],
      {
        cwd: dir,
        // Jest sets NODE_ENV=test, which names no browserslist environment.
        env: { ...outsideNpmEnv(), NODE_ENV: 'production' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => (out += d));
    child.on('error', fail);
    child.on('exit', code =>
      code === 0
        ? ok()
        : fail(
            new Error(`scratch app build exited ${code}\n${out.slice(-4000)}`),
          ),
    );
  });
  const built = join(dir, 'dist');
  if (!existsSync(join(built, 'index.html')))
    throw new Error(`scratch app build left no ${built}/index.html`);
  const dist = join(dir, `dist-${system}`);
  renameSync(built, dist);
  return { dist, ms: Date.now() - started };
}
