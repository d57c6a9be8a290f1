module.exports = {
  displayName: 'auth-api',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  // @fastify/static (Swagger UI assets) needs content-disposition 3, which is ESM only: compile it for Jest.
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  moduleFileExtensions: ['ts', 'js', 'html'],
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testTimeout: 30_000,
  coverageDirectory: '../../coverage/apps/auth-api',
};
