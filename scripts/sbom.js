#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
/*
 * `npm run sbom`: one CycloneDX (JSON) SBOM per shipped package, written to dist-sbom/
 * (gitignored) as <package name>.cdx.json, e.g. dist-sbom/ytknetwork-common.cdx.json.
 *
 * npm's built-in `npm sbom --sbom-format cyclonedx --package-lock-only -w <workspace>` gives
 * the components (purl, licenses, hashes from the lockfile); it takes in the workspace's
 * devDependencies, and its --omit=dev also drops real dependencies, so the components are cut
 * down to the production closure from scripts/prodTree.js and the dependency graph is rebuilt
 * from it. The workspace itself becomes metadata.component (npm names the repo root there).
 *
 *   node scripts/sbom.js [--out DIR]     see docs/supply-chain.md
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const {
  readLock,
  productionClosure,
  shippedWorkspaces,
  npmCommand,
  root,
} = require('./prodTree');

const ref = node => `${node.name}@${node.version}`;

/** File name for a package: `@ytknetwork/common` -> `ytknetwork-common.cdx.json`. */
function sbomFileName(pkgName) {
  return `${pkgName.replace(/^@/, '').replace(/\//g, '-')}.cdx.json`;
}

/**
 * Cut npm's SBOM of one workspace down to its production closure.
 * @param bom       npm sbom's CycloneDX JSON for the workspace
 * @param closure   productionClosure(lock, [workspace.dir])
 * @param workspace {dir, name, version}
 */
function filterBom(bom, closure, workspace) {
  if (bom?.bomFormat !== 'CycloneDX' || !Array.isArray(bom.components)) {
    throw new Error(
      'npm sbom did not return a CycloneDX document with components',
    );
  }
  const selfRef = `${workspace.name}@${workspace.version}`;
  const byRef = new Map();
  for (const c of bom.components) {
    if (!byRef.has(c['bom-ref'])) byRef.set(c['bom-ref'], c);
  }
  const self = byRef.get(selfRef);
  if (!self) throw new Error(`npm sbom has no component ${selfRef}`);

  const dependsOn = new Map(); // ref -> Set(ref)
  for (const node of closure.values()) {
    const deps = dependsOn.get(ref(node)) ?? new Set();
    for (const loc of node.dependsOn) deps.add(ref(closure.get(loc)));
    dependsOn.set(ref(node), deps);
  }
  // npm leaves out what a workspace reaches only through its own peerDependencies (react and
  // react-dom of the frontend plugin): those come from the lockfile entry instead.
  const fromLock = [];
  for (const node of closure.values()) {
    if (!byRef.has(ref(node))) {
      byRef.set(ref(node), lockComponent(node));
      fromLock.push(ref(node));
    }
  }
  const components = [...dependsOn.keys()]
    .filter(r => r !== selfRef)
    .sort()
    .map(r => byRef.get(r));
  const { component: _repoRoot, ...metadata } = bom.metadata ?? {};
  // npm names a workspace after its folder (`common`); the package name is what a reader looks up.
  const { scope: _scope, ...selfComponent } = self;
  return {
    ...bom,
    metadata: {
      ...metadata,
      component: { ...selfComponent, name: workspace.name },
    },
    // Not part of CycloneDX: dropped before the file is written, reported by main().
    fromLock,
    components,
    dependencies: [...dependsOn.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([r, deps]) => ({ ref: r, dependsOn: [...deps].sort() })),
  };
}

/** A CycloneDX component from a lockfile entry, in the shape npm's own SBOM uses. */
function lockComponent(node) {
  const purlName = node.name.startsWith('@')
    ? `%40${node.name.slice(1)}`
    : node.name;
  const component = {
    'bom-ref': ref(node),
    type: 'library',
    name: node.name,
    version: node.version,
    scope: 'required',
    purl: `pkg:npm/${purlName}@${node.version}`,
    properties: [],
    externalReferences: [],
  };
  const m = /^sha(1|256|384|512)-(.+)$/.exec(node.integrity ?? '');
  if (m) {
    component.hashes = [
      {
        alg: m[1] === '1' ? 'SHA-1' : `SHA-${m[1]}`,
        content: Buffer.from(m[2], 'base64').toString('hex'),
      },
    ];
  }
  if (node.license) {
    component.licenses = /\s/.test(node.license)
      ? [{ expression: node.license }]
      : [{ license: { id: node.license } }];
  }
  return component;
}

function npmSbom(workspaceName) {
  const [cmd, pre] = npmCommand();
  const args = [
    ...pre,
    'sbom',
    '--sbom-format',
    'cyclonedx',
    '--package-lock-only',
    '-w',
    workspaceName,
  ];
  const r = spawnSync(cmd, args, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (r.status !== 0) {
    throw new Error(
      `npm sbom -w ${workspaceName} failed (exit ${r.status}):\n${r.stderr || r.stdout}`,
    );
  }
  return JSON.parse(r.stdout);
}

function main(argv) {
  const i = argv.indexOf('--out');
  const outDir = path.resolve(root, i >= 0 ? argv[i + 1] : 'dist-sbom');
  fs.mkdirSync(outDir, { recursive: true });
  const lock = readLock();
  for (const ws of shippedWorkspaces()) {
    const closure = productionClosure(lock, [ws.dir]);
    const { fromLock, ...bom } = filterBom(npmSbom(ws.name), closure, ws);
    const file = path.join(outDir, sbomFileName(ws.name));
    fs.writeFileSync(file, `${JSON.stringify(bom, null, 2)}\n`);
    console.log(
      `sbom: ${ws.name}@${ws.version}: ${bom.components.length} components -> ${path.relative(root, file)}` +
        (fromLock.length
          ? ` (${fromLock.length} from package-lock.json: ${fromLock.join(', ')})`
          : ''),
    );
  }
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(`sbom: ${e.message}`);
    process.exit(1);
  }
}

module.exports = { filterBom, lockComponent, sbomFileName };
