import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import { appBundle } from './appBundle';
import { freePort } from './ports';
import { spawnRepoBackend, waitForReady } from './repoBackend';
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
  const configArgs = [join(repoRoot, 'app-config.yaml'), overrides];
  const backend = spawnRepoBackend(configArgs, s => (log += s));
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
    await waitForReady(
      `${backendUrl}/.backstage/health/v1/readiness`,
      deadline,
      backend,
      () => log,
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

export async function stopGroup(child: ChildProcess) {
  // Gone already (exited, or killed by a signal): its 'exit' event will not come again.
  if (!child.pid || child.exitCode !== null || child.signalCode !== null)
    return;
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
