// SPDX-License-Identifier: Apache-2.0
/* scripts/prodTree.js (production closure from a lockfile) and scripts/sbom.js (filtering). */
'use strict';
const { productionClosure, resolveDep, parentLocation } = require('./prodTree');
const { filterBom, lockComponent, sbomFileName } = require('./sbom');

/** A small lockfile v3: workspace `packages/a` with a dev dependency, a nested copy, a link. */
const lock = {
  lockfileVersion: 3,
  packages: {
    '': {
      name: 'root',
      workspaces: ['packages/*'],
      devDependencies: { jest: '1' },
    },
    'packages/a': {
      name: '@x/a',
      version: '1.0.0',
      dependencies: { '@x/b': '1.0.0', lib: '^2' },
      devDependencies: { jest: '1' },
      peerDependencies: { react: '18', 'test-utils': '1' },
      peerDependenciesMeta: { 'test-utils': { optional: true } },
    },
    'packages/b': {
      name: '@x/b',
      version: '1.0.0',
      dependencies: { lib: '^1' },
    },
    'node_modules/@x/a': { resolved: 'packages/a', link: true },
    'node_modules/@x/b': { resolved: 'packages/b', link: true },
    'node_modules/lib': {
      version: '2.0.0',
      license: 'MIT',
      integrity: 'sha512-AAAA',
      dependencies: { dep: '*' },
      optionalDependencies: { 'opt-missing': '*' },
    },
    'packages/b/node_modules/lib': {
      version: '1.0.0',
      dependencies: { dep: '*' },
    },
    'node_modules/dep': { version: '3.0.0' },
    'node_modules/react': { version: '18.3.1', license: '(MIT OR Apache-2.0)' },
    'node_modules/test-utils': {
      version: '1.0.0',
      dependencies: { jest: '1' },
    },
    'node_modules/jest': { version: '1.0.0', dev: true },
  },
};

describe('productionClosure', () => {
  it('follows dependencies, required peers and links, not devDependencies nor optional peers', () => {
    const c = productionClosure(lock, ['packages/a']);
    expect([...c.keys()].sort()).toEqual([
      'node_modules/dep',
      'node_modules/lib',
      'node_modules/react',
      'packages/a',
      'packages/b',
      'packages/b/node_modules/lib',
    ]);
    expect(c.get('packages/b/node_modules/lib').version).toBe('1.0.0');
    expect([...c.get('packages/a').dependsOn].sort()).toEqual([
      'node_modules/lib',
      'node_modules/react',
      'packages/b',
    ]);
  });

  it('records which starting workspace reaches each package', () => {
    const c = productionClosure(lock, ['packages/a', 'packages/b']);
    expect([...c.get('packages/b/node_modules/lib').from].sort()).toEqual([
      'packages/a',
      'packages/b',
    ]);
    expect([...c.get('node_modules/react').from]).toEqual(['packages/a']);
  });

  it('resolves like Node: nearest node_modules first, then upwards', () => {
    expect(resolveDep(lock.packages, 'packages/b', 'lib')).toBe(
      'packages/b/node_modules/lib',
    );
    expect(resolveDep(lock.packages, 'packages/a', 'lib')).toBe(
      'node_modules/lib',
    );
    expect(resolveDep(lock.packages, 'packages/a', '@x/b')).toBe('packages/b');
    expect(resolveDep(lock.packages, 'packages/a', 'nope')).toBeUndefined();
    expect(parentLocation('a/node_modules/@s/b/node_modules/c')).toBe(
      'a/node_modules/@s/b',
    );
    expect(parentLocation('node_modules/c')).toBe('');
    expect(parentLocation('')).toBeUndefined();
  });

  it('rejects a workspace that is not in the lockfile', () => {
    expect(() => productionClosure(lock, ['packages/zzz'])).toThrow(
      /not in package-lock/,
    );
  });
});

describe('filterBom', () => {
  const component = (name, version) => ({
    'bom-ref': `${name}@${version}`,
    type: 'library',
    name,
    version,
    scope: 'required',
    purl: `pkg:npm/${name}@${version}`,
  });
  // What npm sbom -w @x/a gives: the repo root as subject, dev dependencies in, react missing.
  const npmBom = {
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    metadata: { timestamp: 't', component: component('root', '0.0.0') },
    components: [
      component('@x/a', '1.0.0'),
      component('@x/b', '1.0.0'),
      component('lib', '2.0.0'),
      component('lib', '1.0.0'),
      component('dep', '3.0.0'),
      component('jest', '1.0.0'),
    ],
    dependencies: [{ ref: 'root@0.0.0', dependsOn: ['jest@1.0.0'] }],
  };
  const ws = { dir: 'packages/a', name: '@x/a', version: '1.0.0' };
  const bom = filterBom(npmBom, productionClosure(lock, ['packages/a']), ws);

  it('makes the workspace the subject and keeps only its production closure', () => {
    expect(bom.metadata.component).toMatchObject({
      'bom-ref': '@x/a@1.0.0',
      name: '@x/a',
    });
    expect(bom.metadata.component.scope).toBeUndefined();
    expect(bom.components.map(c => c['bom-ref'])).toEqual([
      '@x/b@1.0.0',
      'dep@3.0.0',
      'lib@1.0.0',
      'lib@2.0.0',
      'react@18.3.1',
    ]);
    expect(bom.fromLock).toEqual(['react@18.3.1']);
  });

  it('rebuilds the dependency graph without dev edges, every ref defined', () => {
    const refs = new Set(
      [bom.metadata.component, ...bom.components].map(c => c['bom-ref']),
    );
    expect(refs.size).toBe(bom.components.length + 1);
    for (const d of bom.dependencies) {
      expect(refs.has(d.ref)).toBe(true);
      for (const r of d.dependsOn) expect(refs.has(r)).toBe(true);
    }
    expect(
      bom.dependencies.find(d => d.ref === '@x/a@1.0.0').dependsOn,
    ).toEqual(['@x/b@1.0.0', 'lib@2.0.0', 'react@18.3.1']);
  });

  it('refuses output that is not CycloneDX', () => {
    expect(() => filterBom({ error: 'x' }, new Map(), ws)).toThrow(/CycloneDX/);
  });
});

describe('lockComponent and sbomFileName', () => {
  it('builds a component from a lockfile entry like npm does', () => {
    const c = lockComponent({
      name: '@s/p',
      version: '1.2.3',
      license: 'MIT',
      integrity: 'sha512-AAAA',
    });
    expect(c).toMatchObject({
      'bom-ref': '@s/p@1.2.3',
      purl: 'pkg:npm/%40s/p@1.2.3',
      hashes: [{ alg: 'SHA-512', content: '000000' }],
      licenses: [{ license: { id: 'MIT' } }],
    });
    expect(
      lockComponent({ name: 'r', version: '1', license: '(MIT OR Apache-2.0)' })
        .licenses,
    ).toEqual([{ expression: '(MIT OR Apache-2.0)' }]);
  });

  it('names files after the package', () => {
    expect(sbomFileName('@ytknetwork/common')).toBe(
      'ytknetwork-common.cdx.json',
    );
    expect(sbomFileName('ytk-vscode')).toBe('ytk-vscode.cdx.json');
  });
});
