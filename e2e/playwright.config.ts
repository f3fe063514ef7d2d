import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { chromiumPath } from './chromium.ts';

/**
 * End-to-end tests of the studio in Debian's Chromium, against a real server and a fresh embedded database
 * started by `global-setup.ts`. One worker: the tests share the machine with the other suites.
 */
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.e2e\.ts$/,
  globalSetup: './global-setup.ts',
  outputDir: join(import.meta.dirname, '..', 'test-results'),
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1440, height: 900 },
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    launchOptions: {
      executablePath: chromiumPath(),
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    },
    actionTimeout: 15_000,
    trace: 'off',
  },
});
