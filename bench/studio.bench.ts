// The studio in Chromium: initial JavaScript, opening a 300-node workflow, panning and
// dragging on it. Starts the real server with a fresh database (as the end-to-end tests do), drives Debian's
// Chromium with Playwright, prints one table.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from '@playwright/test';
import { chromiumPath } from '../e2e/chromium.ts';
import globalSetup, { ENV } from '../e2e/global-setup.ts';

const ROOT = join(import.meta.dirname, '..');
const DIST = join(ROOT, 'studio', 'dist');

/** Gzipped size of the scripts the first page loads (entry and its preloads), and of the editor's chunks. */
function bundleSizes() {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
  const gz = (file: string) => gzipSync(readFileSync(join(DIST, file))).length;
  return { initial, initialGzip: initial.reduce((n, f) => n + gz(f), 0) };
}

/** Gzipped size of the editor's chunk and the chunks it imports statically, beyond those already loaded. */
function editorSize(initial: string[]): number {
  const assets = join(DIST, 'assets');
  const entry = readdirSync(assets).find((f) => /^editor-screen-.*\.js$/.test(f));
  if (!entry) return 0;
  const loaded = new Set(initial.map((f) => f.replace(/^assets\//, '')));
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop() as string;
    if (seen.has(file) || loaded.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(assets, file), 'utf8');
    for (const m of code.matchAll(/from"\.\/([^"]+\.js)"/g)) queue.push(m[1] as string);
  }
  return [...seen].reduce((n, f) => n + gzipSync(readFileSync(join(assets, f))).length, 0);
}

/*
 * A 300-node workflow: trigger → 299 steps in rows of 10 (actions, conditions every 10th with « Non » to an end).
 */
function bigWorkflow(size: number) {
  const nodes: Record<string, unknown>[] = [
    { id: 'n0', kind: 'trigger', event: 'email:received', position: { x: 0, y: 0 } },
  ];
  const edges: Record<string, unknown>[] = [];
  let e = 0;
  for (let i = 1; i < size; i++) {
    const position = { x: (i % 10) * 280, y: Math.floor(i / 10) * 200 + 200 };
    if (i % 10 === 5 && i + 1 < size) {
      nodes.push({
        id: `n${i}`,
        kind: 'condition',
        logic: { contains: [{ var: 'payload.subject' }, 'OQTF'] },
        position,
      });
      nodes.push({ id: `end${i}`, kind: 'end', position: { x: position.x + 140, y: position.y + 100 } });
      edges.push({ id: `e${++e}`, source: `n${i - 1}`, target: `n${i}` });
      edges.push({ id: `e${++e}`, source: `n${i}`, target: `end${i}`, port: 'false' });
      i += 1;
      nodes.push({
        id: `n${i}`,
        kind: 'action',
        action: 'log_event',
        params: { message: `Étape ${i}` },
        position: { x: (i % 10) * 280, y: Math.floor(i / 10) * 200 + 200 },
      });
      edges.push({ id: `e${++e}`, source: `n${i - 1}`, target: `n${i}`, port: 'true' });
      continue;
    }
    nodes.push({ id: `n${i}`, kind: 'action', action: 'log_event', params: { message: `Étape ${i}` }, position });
    edges.push({ id: `e${++e}`, source: `n${i - 1}`, target: `n${i}` });
  }
  return { schemaVersion: 1, nodes: nodes.slice(0, size), edges };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** Frame times (ms) while `act` runs, measured in the page with requestAnimationFrame. */
async function frames(page: Page, act: () => Promise<void>) {
  // Page code as text: tsx would otherwise add helpers the page does not have.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__stop = false;
    let last = performance.now();
    const tick = (now) => {
      window.__frames.push(now - last);
      last = now;
      if (!window.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  await act();
  const times = (await page.evaluate(
    '(() => { window.__stop = true; return window.__frames.slice(1); })()',
  )) as number[];
  const sorted = [...times].sort((a, b) => a - b);
  return {
    frames: times.length,
    p50: sorted[Math.floor(sorted.length / 2)] ?? 0,
    p95: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
  };
}

const teardown = await globalSetup();
const browser = await chromium.launch({
  executablePath: chromiumPath(),
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const base = process.env[ENV.url] as string;
  // bypassCSP: the measuring code is evaluated in the page, which the studio's policy would refuse.
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  await page.request.post('/api/auth/login', {
    data: { email: process.env[ENV.email], password: process.env[ENV.password] },
  });
  const created = await page.request.post('/api/workflows', { data: { name: 'Banc 300', document: bigWorkflow(300) } });
  const { id } = (await created.json()) as { id: string };

  // Opening: from navigation to the canvas drawn and the draft checked (problems counted), three times.
  const opens: number[] = [];
  for (let i = 0; i < 4; i++) {
    const start = Date.now();
    await page.goto(`/workflows/${id}`);
    await page.locator('.react-flow__node').first().waitFor();
    await page.getByTestId('problems-toggle').waitFor();
    await page.waitForFunction("document.querySelectorAll('.react-flow__node').length > 10");
    if (i > 0) opens.push(Date.now() - start);
  }
  const nodes = await page.locator('.react-flow__node').count();
  // Let the page settle (fonts, the minimap, the deferred check) before measuring frames.
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(1000);

  const pane = page.locator('.react-flow__pane');
  const box = (await pane.boundingBox()) as { x: number; y: number; width: number; height: number };
  const pan = await frames(page, async () => {
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let s = 0; s < 60; s++) await page.mouse.move(box.x + box.width / 2 - s * 6, box.y + box.height / 2 - s * 3);
    await page.mouse.up();
  });
  await page.getByRole('button', { name: 'Tout afficher' }).click();
  await page.waitForTimeout(400);
  const target = page.locator('.react-flow__node').nth(5);
  const tb = (await target.boundingBox()) as { x: number; y: number; width: number; height: number };
  const drag = await frames(page, async () => {
    await page.mouse.move(tb.x + tb.width / 2, tb.y + 8);
    await page.mouse.down();
    for (let s = 0; s < 60; s++) await page.mouse.move(tb.x + tb.width / 2 + s * 4, tb.y + 8 + s * 2);
    await page.mouse.up();
  });

  const sizes = bundleSizes();
  const editorGzip = editorSize(sizes.initial);
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  const rows: [string, string, string][] = [
    ['initial JavaScript (gzip)', kb(sizes.initialGzip), '< 500 KB'],
    ['  + the editor and what it imports, loaded on opening a workflow (gzip)', kb(editorGzip), ''],
    ['open a 300-node workflow (median of 3)', `${median(opens)} ms`, '< 1500 ms'],
    ['  nodes drawn after opening (only visible ones)', String(nodes), ''],
    [
      'pan: frame time p50 / p95',
      `${pan.p50.toFixed(1)} / ${pan.p95.toFixed(1)} ms (${pan.frames} frames)`,
      '≈ 16.7 ms',
    ],
    [
      'drag a node: frame time p50 / p95',
      `${drag.p50.toFixed(1)} / ${drag.p95.toFixed(1)} ms (${drag.frames} frames)`,
      '≈ 16.7 ms',
    ],
  ];
  process.stdout.write('| measure | result | target |\n| --- | ---: | ---: |\n');
  for (const [m, r, t] of rows) process.stdout.write(`| ${m} | ${r} | ${t} |\n`);
  process.stdout.write(`\nopenings (ms): ${opens.join(', ')}; initial scripts: ${sizes.initial.join(', ')}\n`);
} finally {
  await browser.close();
  await teardown();
}
