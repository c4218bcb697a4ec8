'use strict';
/* Which Node headers a native build should use; used by scripts/native-addons.js (the root postinstall). */
const fs = require('node:fs');
const path = require('node:path');

/** NODE_MODULE_VERSION (the addon ABI) of the headers in `nodedir`, or undefined. */
function headersModuleVersion(nodedir) {
  try {
    const h = fs.readFileSync(
      path.join(nodedir, 'include/node/node_version.h'),
      'utf8',
    );
    const m = /#define NODE_MODULE_VERSION (\d+)/.exec(h);
    return m ? m[1] : undefined;
  } catch {
    return undefined;
  }
}

/** The prefix a Node binary was installed under: `<prefix>/bin/node`. */
function nodePrefix(execPath) {
  return path.resolve(fs.realpathSync(execPath), '../..');
}

/**
 * @param {{configured?: string, execPath: string, moduleVersion: string}} opts
 * @returns {{nodedir?: string, reason: string}}
 */
function chooseNodedir({ configured, execPath, moduleVersion }) {
  if (configured && headersModuleVersion(configured) === moduleVersion) {
    return {
      nodedir: configured,
      reason: `nodedir ${configured} matches this Node`,
    };
  }
  const own = nodePrefix(execPath);
  if (headersModuleVersion(own) === moduleVersion) {
    return {
      nodedir: own,
      reason: `using this Node's own headers in ${own}${
        configured ? ` instead of nodedir ${configured} (another Node's)` : ''
      }`,
    };
  }
  return {
    nodedir: undefined,
    reason: `no local headers match this Node (ABI ${moduleVersion}); node-gyp will download them`,
  };
}

module.exports = { chooseNodedir, headersModuleVersion, nodePrefix };
