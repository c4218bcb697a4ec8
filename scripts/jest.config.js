// SPDX-License-Identifier: Apache-2.0
/*
 * Jest for the repo's own scripts (scripts/*.test.js, plain CommonJS). `backstage-cli repo test`
 * only runs workspace packages, so these run on their own:
 *   npx jest -c scripts/jest.config.js
 */
'use strict';
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.test.js'],
  transform: {},
  testTimeout: 30000,
};
