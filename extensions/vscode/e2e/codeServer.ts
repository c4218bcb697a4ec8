import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';
const EXT_ROOT = path.resolve(__dirname, '..');
export const REPO_ROOT = path.resolve(EXT_ROOT, '../..');
// Outside the clone, so a machine that ran the suite once (CI runs on a fresh clone) keeps it.
export const CACHE_DIR = path.join(
  process.env.YTK_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'ytk'),
  `code-server-${CODE_SERVER_VERSION}-node20`,
);
const BIN = path.join(CACHE_DIR, 'node_modules/.bin/code-server');
// code-server's own Node (install-code-server.sh), whatever Node runs the tests.
const CODE_SERVER_NODE_BIN = path.join(CACHE_DIR, 'node_modules/.bin');

/** Installs code-server into the git-ignored cache when missing; returns seconds spent (0 = cached). */
export function ensureCodeServer(): number {
  if (fs.existsSync(path.join(CACHE_DIR, '.complete'))) return 0;
  const t0 = Date.now();
  execFileSync(
    'sh',
    [path.join(EXT_ROOT, 'scripts/install-code-server.sh'), CACHE_DIR],
    {
      stdio: 'inherit',
    },
  );
  return Math.round((Date.now() - t0) / 1000);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function healthy(port: number): Promise<boolean> {
  return new Promise(resolve => {
    // A private agent: jest's global agent refuses network lookups.
    const req = http.get(
      { host: '127.0.0.1', port, path: '/healthz', agent: new http.Agent() },
      res => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('error', () => resolve(false));
  });
}

export interface RunningEditor {
  url: string;
  workspace: string;
  stop(): Promise<void>;
}

/** Starts code-server on a fresh profile, with the .vsix installed when given. */
export async function startCodeServer(opts: {
  vsix?: string;
  workspace: string;
}): Promise<RunningEditor> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ytk-cs-'));
  const env = {
    ...process.env,
    PATH: [CODE_SERVER_NODE_BIN, process.env.PATH].join(path.delimiter),
    XDG_CONFIG_HOME: path.join(tmp, 'xdg/config'),
    XDG_DATA_HOME: path.join(tmp, 'xdg/data'),
  };
  const dataDir = path.join(tmp, 'data');
  const extDir = path.join(tmp, 'ext');
  fs.mkdirSync(path.join(dataDir, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(dataDir, 'User/settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'extensions.ignoreRecommendations': true,
      'ytk.rulesBaseUrl': 'https://docs.example/rules/',
    }),
  );
  const common = ['--user-data-dir', dataDir, '--extensions-dir', extDir];
  if (opts.vsix)
    execFileSync(BIN, [...common, '--install-extension', opts.vsix], {
      env,
      stdio: 'pipe',
    });
  const port = await freePort();
  const child: ChildProcess = spawn(
    BIN,
    [
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      ...common,
    ],
    { env, stdio: 'ignore', detached: true },
  );
  const deadline = Date.now() + 30000;
  while (!(await healthy(port))) {
    if (Date.now() > deadline) throw new Error('code-server did not start');
    await new Promise(r => setTimeout(r, 200));
  }
  return {
    url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(opts.workspace)}`,
    workspace: opts.workspace,
    async stop() {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already stopped
      }
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** A scratch copy of the example overlay, so quick fixes never touch the repository. */
export function copyExamples(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ytk-ws-'));
  fs.cpSync(path.join(REPO_ROOT, 'examples/overlay'), dir, { recursive: true });
  return dir;
}
