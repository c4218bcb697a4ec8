#!/usr/bin/env node
/*
 * node-gyp for the Node that runs it (the project's .npmrc points npm's `node-gyp` setting here).
 *
 * Why: a native addon (better-sqlite3) must be built against the headers of the Node that will
 * load it. A fixed `nodedir` (this machine kind's user config has `nodedir=/usr`, the system
 * Node 20) is wrong for every other Node, e.g. Node 24 from the registry, and yields
 * "compiled against NODE_MODULE_VERSION 115 … requires 137". So:
 *   1. a configured nodedir whose headers match the running Node is left alone;
 *   2. otherwise the running Node's own headers (`<prefix>/include/node`, beside `bin/node`) win;
 *   3. otherwise nodedir is dropped, and node-gyp fetches the matching headers (needs internet).
 * Then npm's bundled node-gyp runs with the original arguments.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { chooseNodedir } = require('./nodeHeaders');

const configured = process.env.npm_config_nodedir;
const choice = chooseNodedir({
  configured,
  execPath: process.execPath,
  moduleVersion: process.versions.modules,
});
if (choice.nodedir) process.env.npm_config_nodedir = choice.nodedir;
else delete process.env.npm_config_nodedir;
if (choice.nodedir !== configured) {
  process.stderr.write(`ytk node-gyp: ${choice.reason}\n`);
}

function bundledNodeGyp() {
  // npm_execpath is npm's own CLI script; its node-gyp sits in npm's node_modules.
  const candidates = [];
  if (process.env.npm_execpath) {
    const npmRoot = path.resolve(path.dirname(process.env.npm_execpath), '..');
    candidates.push(path.join(npmRoot, 'node_modules/node-gyp/bin/node-gyp.js'));
  }
  for (const c of candidates) if (fs.existsSync(c)) return c;
  return require.resolve('node-gyp/bin/node-gyp.js');
}

process.argv[1] = bundledNodeGyp();
require(process.argv[1]);
