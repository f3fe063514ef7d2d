import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      '{schemas,runtime,presets,server}/{src,test,scripts}/**/*.test.ts',
      'studio/{src,build}/**/*.test.{ts,tsx}',
    ],
    globalSetup: ['./runtime/src/testing/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The durable engine checks that every stored state delta rebuilds the state it was made from.
    env: { IAPM_VERIFY_DELTAS: '1' },
  },
});
