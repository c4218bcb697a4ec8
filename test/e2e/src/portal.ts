import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import { appBundle } from './appBundle';
import { freePort } from './ports';
import { serveApp } from './staticServer';

export const repoRoot = resolve(__dirname, '../../..');

export interface Portal {
  appUrl: string;
  backendUrl: string;
  /** Everything the dev servers printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface PortalOptions {
  /** More backend config (YAML), appended after the port overrides: e.g. other `ytk.clusters`. */
  extraConfig?: string;
  /**
   * Keep the backend's databases in SQLite files in this directory instead of in memory, so a
   * later portal on the same directory (e.g. signed in as another guest) sees the same data.
   */
  sqliteDirectory?: string;
}

/**
 * Starts the real portal on free ports: the backend of `npm start` with a second config
 * file that moves the ports, and the production frontend bundle (see appBundle) served
 * with the run's URLs; waits until both answer.
 */
export async function startPortal(
  timeoutMs: number,
  options: PortalOptions = {},
): Promise<Portal> {
  const appPort = await freePort();
  const backendPort = await freePort();
  const appUrl = `http://localhost:${appPort}`;
  const backendUrl = `http://localhost:${backendPort}`;
  const dir = mkdtempSync(join(tmpdir(), 'ytk-e2e-'));
  const overrides = join(dir, 'app-config.e2e.yaml');
  writeFileSync(
    overrides,
    [
      `app:`,
      `  baseUrl: ${appUrl}`,
      `backend:`,
      `  baseUrl: ${backendUrl}`,
      `  listen:`,
      `    port: ${backendPort}`,
      `  cors:`,
      `    origin: ${appUrl}`,
      ...(options.sqliteDirectory
        ? [
            `  database:`,
            `    client: better-sqlite3`,
            `    connection:`,
            `      directory: ${JSON.stringify(options.sqliteDirectory)}`,
          ]
        : []),
      options.extraConfig ?? '',
      '',
    ].join('\n'),
  );

  let log = '';
  const configArgs = [
    '--config',
    join(repoRoot, 'app-config.yaml'),
    '--config',
    overrides,
  ];
  const spawnLogged = (command: string, args: string[], cwd: string) => {
    const child = spawn(command, args, {
      cwd,
      // Own process group, so stop() also ends what the process spawned.
      detached: true,
      env: { ...process.env, BROWSER: 'none', NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', d => (log += d));
    child.stderr?.on('data', d => (log += d));
    return child;
  };
  // The backend runs the way `backstage-cli package start` runs it, minus the
  // file watcher: a restart (any edit in the tree) would empty the in-memory catalog.
  const backend = spawnLogged(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs', {
        paths: [repoRoot],
      }),
      'src/index',
      ...configArgs,
    ],
    join(repoRoot, 'packages/backend'),
  );
  let app: Server | undefined;
  const stop = async () => {
    await new Promise(r => (app ? app.close(r) : r(undefined)));
    await stopGroup(backend);
  };

  const deadline = Date.now() + timeoutMs;
  try {
    // The bundle builds while the backend starts.
    const dist = await appBundle(s => (log += s));
    app = await serveApp(dist, appPort, {
      app: { baseUrl: appUrl },
      backend: { baseUrl: backendUrl },
    });
    await waitFor(
      `${backendUrl}/.backstage/health/v1/readiness`,
      deadline,
      backend,
    );
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n--- portal output ---\n${log}`);
  }
  return { appUrl, backendUrl, output: () => log, stop };
}

/**
 * Signs in with the guest provider and returns the Backstage token, checking it is for `user`.
 * The provider writes the user's groups into the sign-in only if the catalog already holds the
 * user (otherwise it claims the user alone): callers waiting for a team sign in again.
 */
export async function guestSignIn(
  portal: Portal,
  user: string,
): Promise<string> {
  const refresh = await fetch(`${portal.backendUrl}/api/auth/guest/refresh`);
  expect(refresh.ok).toBe(true);
  const { backstageIdentity } = await refresh.json();
  expect(backstageIdentity.identity.userEntityRef).toBe(user);
  return backstageIdentity.token;
}

async function waitFor(url: string, deadline: number, child: ChildProcess) {
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`portal exited with code ${child.exitCode}`);
    }
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${url}`);
    await new Promise(r => setTimeout(r, 1000));
  }
}

export async function stopGroup(child: ChildProcess) {
  if (!child.pid || child.exitCode !== null) return;
  const pid = child.pid;
  const exited = new Promise(r => child.once('exit', r));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
