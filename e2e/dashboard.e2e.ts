import { disable, postEvent, publish } from './api-helpers.ts';
import { createWorkflow, expect, signIn, test, unique } from './fixtures.ts';

/*
 *   courrier (email:classified) ──► journal (GREEN) ──► fin
 */
const green = {
  schemaVersion: 1,
  nodes: [
    { id: 'courrier', kind: 'trigger', event: 'email:classified' },
    { id: 'journal', kind: 'action', action: 'log_event', params: { message: 'Courrier classé' } },
    { id: 'fin', kind: 'end' },
  ],
  edges: [
    { id: 'e1', source: 'courrier', target: 'journal' },
    { id: 'e2', source: 'journal', target: 'fin' },
  ],
};

test('the dashboard counts today’s runs by status and the validation backlog', async ({ page }) => {
  await signIn(page.request);
  const id = await createWorkflow(page.request, unique('Tableau'), green);
  await publish(page.request, id);
  const runId = await postEvent(page.request, id);
  await expect(async () => {
    const run = await (await page.request.get(`/api/runs/${runId}`)).json();
    expect(run.status).toBe('succeeded');
  }).toPass();
  await disable(page.request, id);

  const { items } = await (await page.request.get('/api/runs?limit=500')).json();
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
  const succeededToday = items.filter(
    (r: { status: string; startedAt: string }) =>
      r.status === 'succeeded' &&
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(r.startedAt)) === today,
  ).length;
  const pending = (await (await page.request.get('/api/validations?status=PENDING')).json()).pendingCount;

  await page.goto('/workflows');
  await page.getByTestId('nav-dashboard').click();
  const chart = page.getByTestId('runs-chart');
  await expect(chart).toBeVisible();
  // The chart's figures (as its table gives them to screen readers): today's succeeded runs.
  const todayLabel = new Date().toLocaleDateString('fr-FR', {
    day: '2-digit',
    month: '2-digit',
    timeZone: 'Europe/Paris',
  });
  const row = chart.locator('table tr', { has: page.locator('th', { hasText: todayLabel }) });
  await expect(row.locator('td').first()).toHaveText(String(succeededToday));
  expect(succeededToday).toBeGreaterThan(0);
  await expect(page.getByTestId('backlog').locator('.big-number')).toHaveText(String(pending));
});
