// Jest on Node 20 cannot load ESM-only packages (jose, Nest 12) itself, so swc compiles
// both our TypeScript and those packages to CommonJS (see ../shared/TOOLCHAIN.md).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|jose|@fastify|cookie|content-disposition)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
};
// Integration and e2e tiers share one database per jest worker (see test/support/global-setup.ts).
const dbTier = {
  ...shared,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
};

module.exports = {
  // The embedded database serves one session, so its runs use a single worker.
  testTimeout: 60000,
  maxWorkers: process.env.TEST_DATABASE_URL ? 2 : 1,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...dbTier, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.spec.ts'] },
    { ...dbTier, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.spec.ts'] },
  ],
};
