// Runs FerretDB as a child and ties its life to the process that started this supervisor:
// when our stdin closes (the parent exited, even by SIGKILL) or we receive SIGTERM/SIGINT,
// FerretDB is stopped (SIGTERM, then SIGKILL after a grace period) and we exit.
// Usage: node ferretdb-supervisor.mjs LOG_FILE BINARY [FERRETDB ARGS...]
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';

const [logFile, binary, ...args] = process.argv.slice(2);
const log = openSync(logFile, 'a');
const child = spawn(binary, args, { stdio: ['ignore', log, log] });
let stopping = false;

function stop(code) {
  if (stopping) return;
  stopping = true;
  if (child.exitCode !== null || child.signalCode !== null) process.exit(code);
  child.kill('SIGTERM');
  const hard = setTimeout(() => child.kill('SIGKILL'), 5000);
  child.once('exit', () => {
    clearTimeout(hard);
    process.exit(code);
  });
}

child.on('exit', (code, signal) => {
  if (!stopping) {
    process.stderr.write(`ferretdb exited unexpectedly (code ${code}, signal ${signal})\n`);
    process.exit(1);
  }
});
process.stdin.on('data', () => {});
process.stdin.on('end', () => stop(0));
process.stdin.on('close', () => stop(0));
process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));
process.stdout.write(`${child.pid}\n`);
