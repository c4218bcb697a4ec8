/*
 * The README's first command, checked after the real `npm ci` that installed this checkout:
 * the native SQLite binding loads under the Node running the tests, and `npm start`'s backend
 * (SQLite by default) comes up until `/api/ytk/health` answers. Under Node 24 with npm 12 this
 * is what broke (install scripts blocked; the binding built for another Node's ABI).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';
import { repoRoot, stopGroup } from './portal';

// Plain CommonJS scripts of the root package (its postinstall); no types of their own.
// eslint-disable-next-line @typescript-eslint/no-require-imports, @backstage/no-relative-monorepo-imports
const nodeHeaders = require('../../../scripts/nodeHeaders');
// eslint-disable-next-line @typescript-eslint/no-require-imports, @backstage/no-relative-monorepo-imports
const nativeAddons = require('../../../scripts/native-addons');

function fakeNode(moduleVersion: string | undefined) {
  const prefix = mkdtempSync(join(tmpdir(), 'ytk-node-'));
  mkdirSync(join(prefix, 'bin'));
  writeFileSync(join(prefix, 'bin/node'), '');
  if (moduleVersion) {
    mkdirSync(join(prefix, 'include/node'), { recursive: true });
    writeFileSync(
      join(prefix, 'include/node/node_version.h'),
      `#define NODE_MAJOR_VERSION 24\n#define NODE_MODULE_VERSION ${moduleVersion}\n`,
    );
  }
  return prefix;
}

describe('native builds follow the running Node (scripts/nodeHeaders.js)', () => {
  it('leaves a configured nodedir alone when its headers match', () => {
    const configured = fakeNode('137');
    const own = fakeNode('137');
    expect(
      nodeHeaders.chooseNodedir({
        configured,
        execPath: join(own, 'bin/node'),
        moduleVersion: '137',
      }).nodedir,
    ).toBe(configured);
  });

  it("uses the running Node's own headers over a nodedir of another Node", () => {
    const system = fakeNode('115'); // e.g. nodedir=/usr with the system's Node 20
    const own = fakeNode('137');
    const choice = nodeHeaders.chooseNodedir({
      configured: system,
      execPath: join(own, 'bin/node'),
      moduleVersion: '137',
    });
    expect(choice.nodedir).toBe(own);
    expect(choice.reason).toContain(`instead of nodedir ${system}`);
  });

  it('drops nodedir when no local headers match, so node-gyp fetches them', () => {
    const choice = nodeHeaders.chooseNodedir({
      configured: fakeNode('115'),
      execPath: join(fakeNode(undefined), 'bin/node'),
      moduleVersion: '137',
    });
    expect(choice.nodedir).toBeUndefined();
    expect(choice.reason).toContain('ABI 137');
  });
});

describe('after npm ci', () => {
  it('has every approved native addon loadable by this Node', () => {
    const addons: Array<{ name: string; dir: string }> =
      nativeAddons.approvedAddons(repoRoot);
    expect(addons.map(a => a.name)).toContain('better-sqlite3');
    for (const { name, dir } of addons) {
      expect({ name, problem: nativeAddons.loadProblem(dir) }).toEqual({
        name,
        problem: undefined,
      });
    }
  });

  it('starts the backend of `npm start` on SQLite until /api/ytk/health answers', async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'ytk-start-'));
    const overrides = join(dir, 'app-config.port.yaml');
    writeFileSync(
      overrides,
      [
        'backend:',
        `  baseUrl: http://localhost:${port}`,
        '  listen:',
        `    port: ${port}`,
        '  database:',
        '    client: better-sqlite3',
        '    connection:',
        `      directory: ${JSON.stringify(join(dir, 'db'))}`,
        '',
      ].join('\n'),
    );
    // `npm start` is `backstage-cli repo start`; naming the backend package starts just it.
    const child = spawn(
      process.platform === 'win32' ? 'npm.cmd' : 'npm',
      [
        'start',
        '--',
        'packages/backend',
        '--config',
        join(repoRoot, 'app-config.yaml'),
        '--config',
        overrides,
      ],
      {
        cwd: repoRoot,
        detached: true,
        env: { ...process.env, BROWSER: 'none' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let log = '';
    child.stdout?.on('data', d => (log += d));
    child.stderr?.on('data', d => (log += d));
    try {
      const body = await waitForHealth(
        `http://localhost:${port}/api/ytk/health`,
        child,
        Date.now() + 150_000,
      );
      expect(body).toEqual({ status: 'ok' });
    } catch (e) {
      throw new Error(
        `${(e as Error).message}\n--- npm start output ---\n${log}`,
      );
    } finally {
      await stopGroup(child);
    }
  }, 180_000);
});

async function waitForHealth(
  url: string,
  child: ChildProcess,
  deadline: number,
): Promise<unknown> {
  let last = 'no answer yet';
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(
        `npm start exited with code ${child.exitCode}; last: ${last}`,
      );
    }
    try {
      const res = await fetch(url);
      if (res.ok) return await res.json();
      last = `HTTP ${res.status}: ${await res.text()}`;
    } catch (e) {
      last = String((e as Error).cause ?? e);
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${url}; last: ${last}`);
    }
    await new Promise(r => setTimeout(r, 500));
  }
}
