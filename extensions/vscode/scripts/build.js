// Bundles the client and the server (with @ytknetwork/common) into dist/ for the .vsix.
const esbuild = require('esbuild');
const path = require('path');

const root = path.resolve(__dirname, '..');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // The engine is TypeScript source in the workspace; esbuild compiles it on the way.
  mainFields: ['module', 'main'],
};

Promise.all([
  esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'src/extension.ts')],
    outfile: path.join(root, 'dist/extension.js'),
    external: ['vscode'],
  }),
  esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'src/server/main.ts')],
    outfile: path.join(root, 'dist/server.js'),
  }),
]).catch(e => {
  console.error(e);
  process.exit(1);
});
