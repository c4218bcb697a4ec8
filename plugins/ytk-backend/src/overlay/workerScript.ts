import fs from 'node:fs';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

const PACKAGE = '@ytknetwork/backstage-plugin-ytk-backend';

/** Where a worker thread's entry point is, and the TypeScript hook it needs from source. */
export interface WorkerScript {
  entry: string;
  hook?: string;
}

/**
 * A worker script of this package, next to this module's own form: from source (development,
 * `npm start`, tests) `src/overlay/<name>.ts` through the Backstage CLI's TypeScript hook; from
 * a build, `dist/<name>.cjs.js` (the package's `./<name>` entry point). Undefined when missing:
 * the work then runs on the main thread.
 */
export function workerScript(name: string): WorkerScript | undefined {
  try {
    // Never a stale build next to live sources, nor sources next to a build.
    if (!__filename.endsWith('.ts')) {
      const js = resolvePackagePath(PACKAGE, `dist/${name}.cjs.js`);
      return fs.existsSync(js) ? { entry: js } : undefined;
    }
    const ts = resolvePackagePath(PACKAGE, `src/overlay/${name}.ts`);
    if (!fs.existsSync(ts)) return undefined;
    return {
      entry: ts,
      hook: require.resolve('@backstage/cli/config/nodeTransform.cjs'),
    };
  } catch {
    return undefined;
  }
}

/** Loads the TypeScript hook only when the parent thread's (inherited execArgv) did not. */
export const WORKER_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
if (workerData.hook && !require.extensions['.ts']) require(workerData.hook);
require(workerData.entry);
`;
