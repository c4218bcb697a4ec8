module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // Property tests assert through fast-check: a failing property throws.
    'jest/expect-expect': [
      'error',
      { assertFunctionNames: ['expect', 'fc.assert'] },
    ],
  },
});
