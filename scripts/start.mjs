// `npm start`: set up what is missing, then run the server (database, API and studio) in this terminal.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, setup } from './setup.mjs';

await setup();
const server = spawn(process.execPath, [join(ROOT, 'server', 'bin', 'server.mjs')], { cwd: ROOT, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
