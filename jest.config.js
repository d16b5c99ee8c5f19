// Jest runs the TypeScript sources as ES modules through ts-jest in transpile-only mode, because
// `npm run typecheck` checks types once for the whole tree instead of once per test file.
const transform = {
  '^.+\\.ts$': ['ts-jest', { useESM: true, isolatedModules: true, tsconfig: 'tsconfig.json' }],
};
const shared = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform,
  testEnvironment: 'node',
};

/** @type {import('jest').Config} */
export default {
  // testTimeout is a global option: set in a project it is ignored. Integration tests wait on a real
  // broker; 60 s bounds a hung test without failing a slow but healthy one on 2 cores.
  testTimeout: 60_000,
  globalSetup: './tests/setup/global-setup.mjs',
  globalTeardown: './tests/setup/global-teardown.mjs',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
    },
  ],
};
