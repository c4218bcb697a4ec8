#!/usr/bin/env node
/*
 * The root package's postinstall: make every native addon that package.json's `allowScripts`
 * approves (today better-sqlite3) loadable by the Node that runs the install.
 *
 * Why here and not in .npmrc: npm builds a dependency's addon with whatever `nodedir` its config
 * names, and ignores a project's `node-gyp` setting for dependency scripts. Machines like ours
 * carry a user-level `nodedir=/usr` (the system Node's headers), so under any other Node, e.g.
 * Node 24 from the registry, the addon is compiled for the wrong ABI ("compiled against
 * NODE_MODULE_VERSION 115 … requires 137"). So after the install each addon is loaded in a
 * child Node; one that does not load is rebuilt once (`node-gyp rebuild --release`, the fallback
 * of better-sqlite3's own install script) with the headers chooseNodedir() picks
 * (a configured nodedir that matches, else the running Node's own `include/`), and the install
 * fails with the exact command to run if it still does not load.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { chooseNodedir } = require('./nodeHeaders');

const root = path.resolve(__dirname, '..');

/** Approved packages that build a native addon (they carry a binding.gyp). */
function approvedAddons(rootDir) {
  const pkg = JSON.parse(
    fs.readFileSync(path.join(rootDir, 'package.json'), 'utf8'),
  );
  return Object.entries(pkg.allowScripts ?? {})
    .filter(([, allowed]) => allowed === true)
    .map(([spec]) => spec.replace(/(.)@[^@/]*$/, '$1'))
    .map(name => ({ name, dir: path.join(rootDir, 'node_modules', name) }))
    .filter(({ dir }) => fs.existsSync(path.join(dir, 'binding.gyp')));
}

/** The compiled `.node` files of an addon (node-gyp's Release output). */
function addonBinaries(dir) {
  const out = path.join(dir, 'build', 'Release');
  if (!fs.existsSync(out)) return [];
  return fs
    .readdirSync(out)
    .filter(f => f.endsWith('.node'))
    .map(f => path.join(out, f));
}

/**
 * Loads each binary in a child of this Node; returns the first failure, if any. "Did not
 * self-register" means the file is a plain shared library, not a Node addon (better-sqlite3
 * builds a SQLite test extension beside its binding), so it is not a failure.
 */
function loadProblem(dir) {
  const binaries = addonBinaries(dir);
  if (binaries.length === 0)
    return 'no compiled binding (build/Release/*.node)';
  for (const file of binaries) {
    const r = spawnSync(
      process.execPath,
      ['-e', 'require(process.argv[1])', file],
      { encoding: 'utf8' },
    );
    if (r.status !== 0 && !/did not self-register/.test(r.stderr || '')) {
      const line = (r.stderr || '')
        .split('\n')
        .find(l => /Error|NODE_MODULE_VERSION/.test(l));
      return `${path.basename(file)} does not load: ${(line || r.stderr || `exit ${r.status}`).trim()}`;
    }
  }
  return undefined;
}

/** npm's bundled node-gyp (npm_execpath is npm's CLI script), else one on the module path. */
function nodeGypScript() {
  if (process.env.npm_execpath) {
    const bundled = path.resolve(
      path.dirname(process.env.npm_execpath),
      '../node_modules/node-gyp/bin/node-gyp.js',
    );
    if (fs.existsSync(bundled)) return bundled;
  }
  try {
    return require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    return undefined;
  }
}

function main() {
  if (process.env.npm_config_ignore_scripts === 'true') return 0;
  const addons = approvedAddons(root);
  let failed = 0;
  for (const { name, dir } of addons) {
    const problem = loadProblem(dir);
    if (!problem) continue;
    const choice = chooseNodedir({
      configured: process.env.npm_config_nodedir,
      execPath: process.execPath,
      moduleVersion: process.versions.modules,
    });
    process.stderr.write(
      `ytk: ${name}: ${problem}\nytk: rebuilding ${name} for Node ${process.version}: ${choice.reason}\n`,
    );
    // node-gyp's own flag, not npm config: npm 12 warns that `nodedir` is no npm setting.
    const env = { ...process.env };
    delete env.npm_config_nodedir;
    const gypArgs = [
      'rebuild',
      '--release',
      ...(choice.nodedir ? [`--nodedir=${choice.nodedir}`] : []),
    ];
    const gyp = nodeGypScript();
    const r = gyp
      ? spawnSync(process.execPath, [gyp, ...gypArgs], {
          cwd: dir,
          env,
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        })
      : { status: 'no node-gyp found', stdout: '', stderr: '' };
    if (r.status !== 0) {
      // The compiler's own words: the last lines say what was missing (python, g++, headers).
      const tail = `${r.stdout}${r.stderr}`.trim().split('\n').slice(-30);
      process.stderr.write(`${tail.join('\n')}\n`);
    }
    const after =
      r.status === 0 ? loadProblem(dir) : `node-gyp rebuild: ${r.status}`;
    if (after) {
      failed += 1;
      process.stderr.write(
        `ytk: ${name} still does not load (${after}).\n` +
          `ytk: run: (cd ${path.relative(root, dir)} && npx node-gyp ${gypArgs.join(' ')})` +
          (choice.nodedir
            ? '\n'
            : `   with --nodedir=<the folder holding include/node of Node ${process.version}>\n`),
      );
    }
  }
  return failed ? 1 : 0;
}

if (require.main === module) process.exitCode = main();

module.exports = { approvedAddons, addonBinaries, loadProblem };
