// Summarizes a .cpuprofile (from `node --cpu-prof`): top functions by self time, and by total (inclusive) time.
// Usage: node bench/cpuprofile-top.mjs <file.cpuprofile> [count=25]
import { readFileSync } from 'node:fs';

const [file, countArg] = process.argv.slice(2);
if (!file) throw new Error('usage: node bench/cpuprofile-top.mjs <file.cpuprofile> [count]');
const count = Number(countArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

// Sample durations: timeDeltas[i] is the time before sample i.
const selfMicros = new Map();
profile.samples.forEach((id, i) => {
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
});
const totalSampled = [...selfMicros.values()].reduce((a, b) => a + b, 0);

const keyOf = (node) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${url.replace(/^.*\/work\/main\//, '')}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'} ${where}`.trim();
};

const self = new Map();
const total = new Map();
for (const [id, micros] of selfMicros) {
  const key = keyOf(byId.get(id));
  self.set(key, (self.get(key) ?? 0) + micros);
  const seen = new Set();
  for (let current = id; current !== undefined; current = parentOf.get(current)) {
    const k = keyOf(byId.get(current));
    if (seen.has(k)) continue;
    seen.add(k);
    total.set(k, (total.get(k) ?? 0) + micros);
  }
}

const print = (title, map) => {
  console.log(`\n${title} (of ${(totalSampled / 1e3).toFixed(0)} ms sampled)`);
  for (const [key, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, count)) {
    console.log(
      `${((100 * micros) / totalSampled).toFixed(1).padStart(5)}%  ${(micros / 1e3).toFixed(0).padStart(6)} ms  ${key}`,
    );
  }
};
print('Self time', self);
print('Total (inclusive) time', total);
