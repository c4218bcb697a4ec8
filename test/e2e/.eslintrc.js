// A test harness run from source (never built or published): its devDependencies are its
// runtime, and __dirname always is the source directory.
module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    '@backstage/no-undeclared-imports': 'off',
    'no-restricted-syntax': 'off',
    // Shared checks are functions named expect… (e.g. expectNetworkPage); they assert inside.
    'jest/expect-expect': ['warn', { assertFunctionNames: ['expect*'] }],
  },
});
