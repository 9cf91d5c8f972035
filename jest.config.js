/** Two projects: jsdom where miniprogram-simulate renders components, node for the rest
 * (ESLint's RuleTester needs structuredClone, which jsdom lacks). */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', moduleResolution: 'node10', ignoreDeprecations: '6.0', isolatedModules: true } }] };

module.exports = {
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['\\.jsdom\\.test\\.ts$'],
    },
    {
      displayName: 'jsdom',
      testEnvironment: 'jsdom',
      transform,
      testMatch: ['<rootDir>/test/**/*.jsdom.test.ts'],
      // The example's pages and cloud functions get the BUILT package, as a user's project does:
      // DevTools' "Build npm" copies miniprogram_dist/, a cloud function resolves the exports map.
      moduleNameMapper: {
        '^miniprogram-cloudid$': '<rootDir>/miniprogram_dist/index.js',
        '^miniprogram-cloudid/server$': '<rootDir>/dist/server.cjs',
      },
    },
  ],
};
