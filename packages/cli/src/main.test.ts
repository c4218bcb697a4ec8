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

  it('runs as a real process: located YAML error on stderr; exit 0, or 2 with --strict', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ytk-bin-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'broken.yaml'),
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n',
      );
      const run = (...extra: string[]) =>
        spawnSync(
          process.execPath,
          [
            path.join(REPO_ROOT, 'packages/cli/bin/ytk'),
            'connectivity',
            dir,
            ...extra,
          ],
          { cwd: dir, encoding: 'utf8', timeout: 60_000 },
        );
      const lenient = run();
      expect(lenient.status).toBe(0);
      expect(lenient.stderr).toMatch(/^broken\.yaml:\d+:\d+: error/m);
      const strict = run('--strict');
      expect(strict.status).toBe(2);
      expect(strict.stderr).toMatch(/^broken\.yaml:\d+:\d+: error/m);
      expect(strict.stdout).toBe('');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
