// Two projects: `unit` (pure logic, beside the code) and `e2e` (against the real peers, which
// test/e2e/setup.ts starts once per run). TypeScript is transformed by swc; type-checking is
// `tsc --noEmit` (TypeScript 7), which has no JavaScript API for ts-jest to use.
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2023' },
      module: { type: 'es6' },
    },
  ],
};
const common = {
  transform,
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
};

export default {
  // Per-test limit; e2e tests wait for real servers. (testTimeout is global in jest, not per project.)
  testTimeout: 120_000,
  testEnvironmentOptions: { globalsCleanup: 'on' },
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/src/**/*.test.ts',
        '<rootDir>/functions/**/*.test.ts',
        '<rootDir>/test/unit/**/*.test.ts',
      ],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/test/e2e/global-setup.mjs',
      globalTeardown: '<rootDir>/test/e2e/global-teardown.mjs',
    },
  ],
};
