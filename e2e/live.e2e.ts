import WebSocket from 'ws';
import { disable, postEvent, publish } from './api-helpers.ts';
import { createWorkflow, expect, recordLiveFrames, signIn, test, unique } from './fixtures.ts';

/*
 *   courrier (email:classified) ──► alerte (send_notification, critical, to the firm's lawyers) ──► fin
 */
const notifying = {
  schemaVersion: 1,
  nodes: [
    { id: 'courrier', kind: 'trigger', event: 'email:classified', position: { x: 0, y: 0 } },
    {
      id: 'alerte',
      kind: 'action',
      action: 'send_notification',
      params: {
        role: 'lawyers',
        title: 'OQTF reçue — délai de recours en cours',
        message: 'Courrier {{payload.messageId}} classé {{payload.procedureType}}.',
        priority: 'critical',
        channels: ['web'],
      },
      position: { x: 0, y: 170 },
    },
    { id: 'fin', kind: 'end', position: { x: 0, y: 340 } },
  ],
  edges: [
    { id: 'e1', source: 'courrier', target: 'alerte' },
    { id: 'e2', source: 'alerte', target: 'fin' },
  ],
};

/*   courrier (email:classified) ──► journal (log_event) ──► fin */
const direct = {
  schemaVersion: 1,
  nodes: [
    { id: 'courrier', kind: 'trigger', event: 'email:classified', position: { x: 0, y: 0 } },
    {
      id: 'journal',
      kind: 'action',
      action: 'log_event',
      params: { level: 'info', message: 'Courrier {{payload.messageId}} reçu' },
      position: { x: 0, y: 170 },
    },
    { id: 'fin', kind: 'end', position: { x: 0, y: 340 } },
  ],
  edges: [
    { id: 'e1', source: 'courrier', target: 'journal' },
    { id: 'e2', source: 'journal', target: 'fin' },
  ],
};

test('a notification for the signed-in lawyer appears on whatever screen is open', async ({ page }) => {
  await signIn(page.request);
  const name = unique('Alerte OQTF');
  const id = await createWorkflow(page.request, name, notifying);
  await publish(page.request, id);
  await page.goto('/workflows');
  await expect(page.getByTestId('live-status')).toHaveText('En direct');

  await postEvent(page.request, id);
  await disable(page.request, id);
  const notice = page.getByTestId('live-notification').filter({ hasText: 'OQTF reçue' });
  await expect(notice).toBeVisible({ timeout: 5000 });
  await expect(notice).toContainText('classé OQTF');
  await notice.getByRole('button', { name: 'Fermer la notification' }).click();
  await expect(notice).toHaveCount(0);
});

test('while the live connection is refused, « Reconnexion… » shows and the list catches up by a slow poll', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signIn(page.request);
  const name = unique('Sans direct');
  const id = await createWorkflow(page.request, name, direct);
  await publish(page.request, id);
  // Every socket the page opens is closed at once, as by a proxy that does not pass WebSockets.
  await page.routeWebSocket(/\/api\/ws$/, (ws) => ws.close({ code: 1011, reason: 'no websocket here' }));

  await page.goto('/runs');
  await expect(page.getByTestId('live-status')).toHaveText('Reconnexion…');
  await page.getByTestId('filter-workflow').selectOption({ label: name });
  await expect(page.getByText('Aucune exécution ne correspond.')).toBeVisible();
  const posted = Date.now();
  const runId = await postEvent(page.request, id);
  await disable(page.request, id);
  await expect(page.getByTestId(`run-row-${runId}`)).toBeVisible({ timeout: 25_000 });
  // Not at once: it came with the next poll.
  expect(Date.now() - posted).toBeGreaterThan(500);
  await expect(page.getByTestId('live-status')).toHaveText('Reconnexion…');
});

test('a socket the server drops comes back by itself, and messages flow again', async ({ page, baseURL }) => {
  await signIn(page.request);
  const name = unique('Reconnexion');
  const id = await createWorkflow(page.request, name, direct);
  await publish(page.request, id);
  const live = recordLiveFrames(page);
  await page.goto('/runs');
  const status = page.getByTestId('live-status');
  await expect(status).toHaveText('En direct');
  await page.getByTestId('filter-workflow').selectOption({ label: name });
  await expect(page.getByText('Aucune exécution ne correspond.')).toBeVisible();

  // The same person opens the most sockets the server allows (20) elsewhere: the server closes the
  // oldest, the page's. The page reconnects by itself (and the server then closes one of the others).
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const url = `${(baseURL as string).replace(/^http/, 'ws')}/api/ws`;
  const others = await Promise.all(
    Array.from({ length: 20 }, async () => {
      const ws = new WebSocket(url, { headers: { cookie } });
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      return ws;
    }),
  );
  try {
    await expect.poll(() => live.opened(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    await expect(status).toHaveText('En direct', { timeout: 15_000 });
    const runId = await postEvent(page.request, id);
    await expect(page.getByTestId(`run-row-${runId}`)).toBeVisible({ timeout: 5000 });
    expect(live.received('run.updated', runId)).toBe(true);
  } finally {
    for (const ws of others) ws.terminate();
    await disable(page.request, id);
  }
});
