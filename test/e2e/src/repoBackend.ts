import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** Where the repository's root is, seen from this file. */
const root = join(__dirname, '../../..');

/**
 * Spawns the repository's Backstage backend (packages/backend) the way
 * `backstage-cli package start` runs it, minus the file watcher (a restart on any edit in the
 * tree would empty the in-memory catalog), in its own process group so that stopping it also
 * ends what it spawned.
 */
export function spawnRepoBackend(
  configFiles: string[],
  onOutput: (text: string) => void,
): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs', {
        paths: [root],
      }),
      'src/index',
      ...configFiles.flatMap(f => ['--config', f]),
    ],
    {
      cwd: join(root, 'packages/backend'),
      detached: true,
      env: { ...process.env, BROWSER: 'none', NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', d => onOutput(String(d)));
  child.stderr?.on('data', d => onOutput(String(d)));
  return child;
}

// Backstage logs this and keeps the process (and its 503 readiness) alive.
const STARTUP_FAILED = 'Backend startup failed';

/**
 * Polls `url` until it answers 2xx; fails at once if `child` exits or its output says startup
 * failed, or at `deadline`.
 */
export async function waitForReady(
  url: string,
  deadline: number,
  child: ChildProcess,
  output: () => string = () => '',
): Promise<void> {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `backend exited (${child.exitCode ?? child.signalCode}) before ${url} answered`,
      );
    }
    if (output().includes(STARTUP_FAILED))
      throw new Error(
        `backend startup failed (see its output) before ${url} answered`,
      );
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
