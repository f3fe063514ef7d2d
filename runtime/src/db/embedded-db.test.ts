import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { readLiveDbFile, resolveDatabase } from './embedded-db.ts';

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'iapm-embedded-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const ping = async (uri: string) => {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 3000 });
  try {
    await client.connect();
    return (await client.db('admin').command({ ping: 1 })).ok;
  } finally {
    await client.close();
  }
};

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(process.env.MONGODB_URI)('embedded FerretDB', () => {
  it('starts on 127.0.0.1, records its address in db.json, and a second caller shares it', async () => {
    const dataDir = freshDir();
    const first = await resolveDatabase({ dataDir });
    expect(first.owned).toBe(true);
    expect(first.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    const recorded = JSON.parse(readFileSync(join(dataDir, 'db.json'), 'utf8'));
    expect(recorded.uri).toBe(first.uri);
    expect(await ping(first.uri)).toBe(1);

    const second = await resolveDatabase({ dataDir });
    expect(second.owned).toBe(false);
    expect(second.uri).toBe(first.uri);
    await second.stop();
    expect(await ping(first.uri)).toBe(1);

    await first.stop();
    expect(existsSync(join(dataDir, 'db.json'))).toBe(false);
    expect(await readLiveDbFile(dataDir)).toBeUndefined();
  }, 60_000);

  it('stops FerretDB when the process that started it is killed with SIGKILL', async () => {
    const dataDir = freshDir();
    const script = `
      import { resolveDatabase } from ${JSON.stringify(join(import.meta.dirname, 'embedded-db.ts'))};
      const db = await resolveDatabase({ dataDir: ${JSON.stringify(dataDir)} });
      console.log('READY ' + db.uri);
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const uri = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
        const match = /READY (\S+)/.exec(out);
        if (match) resolve(match[1] as string);
      });
      child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
    });
    const { supervisorPid } = JSON.parse(readFileSync(join(dataDir, 'db.json'), 'utf8'));
    expect(await ping(uri)).toBe(1);
    child.kill('SIGKILL');
    const deadline = Date.now() + 15_000;
    while (isAlive(supervisorPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(isAlive(supervisorPid)).toBe(false);
    expect(await readLiveDbFile(dataDir)).toBeUndefined();
  }, 60_000);
});
