// SPDX-License-Identifier: Apache-2.0
/*
 * The pending changesets (.changeset/*.md) apply: `changeset version` run on a scratch copy of
 * the workspace manifests bumps exactly the published packages they name and writes each one's
 * CHANGELOG.md. A changeset naming an unknown or ignored package, or a bad bump type, fails here
 * rather than at release time.
 */
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const changesetDir = path.join(root, '.changeset');
const config = JSON.parse(
  fs.readFileSync(path.join(changesetDir, 'config.json'), 'utf8'),
);

/** Workspace dirs from the root manifest's globs (one level, as this repo uses them). */
function workspaces() {
  const { workspaces: globs } = require(path.join(root, 'package.json'));
  return globs.flatMap(glob => {
    if (!glob.endsWith('/*')) return [glob];
    const parent = glob.slice(0, -2);
    return fs
      .readdirSync(path.join(root, parent))
      .map(d => `${parent}/${d}`)
      .filter(d => fs.existsSync(path.join(root, d, 'package.json')));
  });
}

/** `{ name: bump }` from one changeset's front matter. */
function releases(file) {
  const text = fs.readFileSync(path.join(changesetDir, file), 'utf8');
  const front = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!front) throw new Error(`${file}: no front matter`);
  return Object.fromEntries(
    front[1]
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const m = /^['"]?([^'"]+)['"]?:\s*(\S+)$/.exec(line.trim());
        if (!m) throw new Error(`${file}: cannot read "${line}"`);
        return [m[1], m[2]];
      }),
  );
}

describe('pending changesets', () => {
  const dirs = workspaces();
  const manifests = Object.fromEntries(
    dirs.map(d => [d, require(path.join(root, d, 'package.json'))]),
  );
  const published = Object.values(manifests)
    .filter(m => !m.private && !config.ignore.includes(m.name))
    .map(m => m.name);
  const files = fs
    .readdirSync(changesetDir)
    .filter(f => f.endsWith('.md') && f !== 'README.md');

  if (files.length === 0)
    it('has none pending (just after a release)', () => {
      expect(files).toEqual([]);
    });
  else
    it.each(files)('%s names published packages with a valid bump', file => {
      for (const [name, bump] of Object.entries(releases(file))) {
        expect(published).toContain(name);
        expect(['patch', 'minor', 'major']).toContain(bump);
      }
    });

  it('changeset version bumps exactly those packages and writes their changelogs', () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ytk-changesets-'));
    try {
      fs.copyFileSync(
        path.join(root, 'package.json'),
        path.join(scratch, 'package.json'),
      );
      for (const d of dirs) {
        fs.mkdirSync(path.join(scratch, d), { recursive: true });
        fs.copyFileSync(
          path.join(root, d, 'package.json'),
          path.join(scratch, d, 'package.json'),
        );
      }
      // The changelog generator named in config.json resolves from here.
      fs.symlinkSync(
        path.join(root, 'node_modules'),
        path.join(scratch, 'node_modules'),
      );
      fs.cpSync(changesetDir, path.join(scratch, '.changeset'), {
        recursive: true,
      });
      const bin = require.resolve('@changesets/cli/bin.js', { paths: [root] });
      execFileSync(process.execPath, [bin, 'version'], {
        cwd: scratch,
        stdio: 'pipe',
      });

      const named = new Set(files.flatMap(f => Object.keys(releases(f))));
      for (const d of dirs) {
        const before = manifests[d];
        const after = JSON.parse(
          fs.readFileSync(path.join(scratch, d, 'package.json'), 'utf8'),
        );
        const changelog = path.join(scratch, d, 'CHANGELOG.md');
        if (named.has(before.name)) {
          expect({
            name: after.name,
            bumped: after.version !== before.version,
          }).toEqual({ name: before.name, bumped: true });
          expect(fs.readFileSync(changelog, 'utf8')).toContain(
            `## ${after.version}`,
          );
        } else {
          expect({ name: after.name, version: after.version }).toEqual({
            name: before.name,
            version: before.version,
          });
        }
      }
      // Consumed changesets are removed; config stays.
      expect(
        fs
          .readdirSync(path.join(scratch, '.changeset'))
          .filter(f => f.endsWith('.md') && f !== 'README.md'),
      ).toEqual([]);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});
