// SPDX-License-Identifier: Apache-2.0
/*
 * The shipped packages and their production dependency closure, read from package-lock.json.
 * Shared by scripts/audit.js and scripts/sbom.js (docs/supply-chain.md).
 *
 * Why not npm's own --omit=dev: with -w, `npm sbom --omit=dev` drops any package that is a
 * devDependency of *some* package in the repo (yaml, a dependency of @ytknetwork/common, is
 * missing), and `npm audit -w X` takes the workspace's devDependencies in. So both commands run
 * unfiltered and their output is cut down to the closure computed here: from each shipped
 * workspace, dependencies, optionalDependencies and required peerDependencies (never
 * devDependencies, nor optional peers), resolved the way Node resolves them (nearest node_modules upwards), links followed.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

/** Workspace folders whose packages are shipped (published, or packaged like the .vsix). */
const SHIPPED = [
  'packages/common',
  'packages/cli',
  'plugins/ytk-backend',
  'plugins/ytk-frontend',
  'extensions/vscode',
];

function readLock(rootDir = root) {
  return JSON.parse(
    fs.readFileSync(path.join(rootDir, 'package-lock.json'), 'utf8'),
  );
}

/** Location of the package that contains `loc` (`a/node_modules/b` -> `a`; `packages/x` -> ``). */
function parentLocation(loc) {
  const i = loc.lastIndexOf('node_modules/');
  if (i < 0) return loc === '' ? undefined : '';
  return loc.slice(0, i).replace(/\/$/, '');
}

/** Where `name`, required from the package at `from`, resolves in the lockfile (links followed). */
function resolveDep(packages, from, name) {
  for (let dir = from; dir !== undefined; dir = parentLocation(dir)) {
    const loc = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    const entry = packages[loc];
    if (entry) return entry.link ? entry.resolved : loc;
  }
  return undefined;
}

/** Package name of a lockfile entry at `loc`. */
function nameAt(packages, loc) {
  if (packages[loc]?.name) return packages[loc].name;
  const i = loc.lastIndexOf('node_modules/');
  return i < 0 ? loc : loc.slice(i + 'node_modules/'.length);
}

/**
 * Production closure of the workspaces at `starts` (lockfile v2/v3 `packages` map).
 * @returns {Map<string, {name, version, license, integrity, dependsOn: Set<string>, from: Set<string>}>}
 *   keyed by location; `dependsOn` holds locations, `from` the starting workspaces it is reached from.
 */
function productionClosure(lock, starts) {
  const packages = lock.packages;
  if (!packages)
    throw new Error(
      'package-lock.json has no "packages" map (lockfileVersion >= 2 needed)',
    );
  const out = new Map();
  for (const start of starts) {
    if (!packages[start])
      throw new Error(`${start} is not in package-lock.json`);
    const queue = [start];
    const seen = new Set();
    while (queue.length) {
      const loc = queue.shift();
      if (seen.has(loc)) continue;
      seen.add(loc);
      const entry = packages[loc];
      let node = out.get(loc);
      if (!node) {
        node = {
          name: nameAt(packages, loc),
          version: entry.version,
          license: entry.license,
          integrity: entry.integrity,
          dependsOn: new Set(),
          from: new Set(),
        };
        out.set(loc, node);
      }
      node.from.add(start);
      // Optional peers are left out: npm does not install them for a consumer (e.g.
      // @backstage/plugin-catalog-node's optional peer @backstage/backend-test-utils).
      const names = new Set([
        ...Object.keys(entry.dependencies ?? {}),
        ...Object.keys(entry.optionalDependencies ?? {}),
        ...Object.keys(entry.peerDependencies ?? {}).filter(
          n => !entry.peerDependenciesMeta?.[n]?.optional,
        ),
      ]);
      for (const name of names) {
        const to = resolveDep(packages, loc, name);
        // Missing is fine only for optional (peer) dependencies; npm itself refuses the rest.
        if (to === undefined || !packages[to]) continue;
        node.dependsOn.add(to);
        queue.push(to);
      }
    }
  }
  return out;
}

/** The shipped workspaces with their package.json name and version. */
function shippedWorkspaces(rootDir = root) {
  return SHIPPED.map(dir => {
    const pkg = JSON.parse(
      fs.readFileSync(path.join(rootDir, dir, 'package.json'), 'utf8'),
    );
    return { dir, name: pkg.name, version: pkg.version };
  });
}

/** How npm is run: the npm that runs this script (`npm run …`), else the one on PATH. */
function npmCommand() {
  const cli = process.env.npm_execpath;
  if (cli && /\.c?js$/.test(cli)) return [process.execPath, [cli]];
  return ['npm', []];
}

module.exports = {
  SHIPPED,
  readLock,
  parentLocation,
  resolveDep,
  productionClosure,
  shippedWorkspaces,
  npmCommand,
  root,
};
