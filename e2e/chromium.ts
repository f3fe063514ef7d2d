import { existsSync } from 'node:fs';

/**
 * The Chromium the tests drive: `IAPM_CHROMIUM`, else Debian's `/usr/bin/chromium`. Missing, it is an error
 * that stops the run (the end-to-end tests never skip silently).
 */
export function chromiumPath(): string {
  const path = process.env.IAPM_CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(path))
    throw new Error(
      `Chromium not found at ${path}: install it (apt-get install -y chromium, or npm run setup) or set IAPM_CHROMIUM`,
    );
  return path;
}
