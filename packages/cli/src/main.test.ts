import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, runCli } from './testUtils';

describe('ytk', () => {
  it('prints help and rejects unknown commands with exit 2', () => {
    expect(runCli([]).out).toContain('Usage: ytk <command>');
    const r = runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown command "frobnicate"');
  });

  it('runs as a real process: located YAML error on stderr, exit 2', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ytk-bin-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'broken.yaml'),
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n',
      );
      const r = spawnSync(
        process.execPath,
        [path.join(REPO_ROOT, 'packages/cli/bin/ytk'), 'connectivity', dir],
        {
          cwd: dir,
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^broken\.yaml:\d+:\d+: error/m);
      expect(r.stdout).toBe('');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
