import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '../../..');
let built: Promise<string> | undefined;

/**
 * The portal frontend as a production bundle, built once per process and copied to a
 * temp dir. Why not the dev server: it recompiles (and hot-reloads the page under the
 * test) whenever anyone edits the tree. The bundle is port-agnostic: the static server
 * injects the run's URLs as runtime config. `YTK_E2E_APP_DIST` reuses an existing build.
 */
export function appBundle(
  log: (s: string) => void = () => {},
): Promise<string> {
  const given = process.env.YTK_E2E_APP_DIST;
  if (given) return Promise.resolve(given);
  built ??= build(log);
  return built;
}

async function build(log: (s: string) => void): Promise<string> {
  const app = join(repoRoot, 'packages/app');
  await new Promise<void>((ok, fail) => {
    const child = spawn(
      join(repoRoot, 'node_modules/.bin/backstage-cli'),
      ['package', 'build', '--config', join(repoRoot, 'app-config.yaml')],
      {
        cwd: app,
        // Jest sets NODE_ENV=test, which names no browserslist environment of the app.
        env: { ...process.env, NODE_ENV: 'production' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => (out += d));
    child.on('error', fail);
    child.on('exit', code => {
      log(out.slice(-4000));
      if (code === 0) ok();
      else fail(new Error(`app build exited ${code}\n${out.slice(-4000)}`));
    });
  });
  const dist = join(app, 'dist');
  if (!existsSync(join(dist, 'index.html')))
    throw new Error(`app build left no ${dist}/index.html`);
  // A private copy: a later build (another run) rewrites packages/app/dist in place.
  const copy = join(mkdtempSync(join(tmpdir(), 'ytk-e2e-app-')), 'dist');
  cpSync(dist, copy, { recursive: true });
  return copy;
}
