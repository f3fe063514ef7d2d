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

test('a lost live connection says « Reconnexion… », falls back to a slow poll, and comes back by itself', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signIn(page.request);
  const name = unique('Gate reconnexion');
  const id = await createWorkflow(page.request, name, {
    schemaVersion: 1,
    nodes: [
      { id: 'courrier', kind: 'trigger', event: 'email:classified', position: { x: 0, y: 0 } },
      { id: 'fin', kind: 'end', position: { x: 0, y: 170 } },
    ],
    edges: [{ id: 'e1', source: 'courrier', target: 'fin' }],
  });
  await publish(page.request, id);
  const live = recordLiveFrames(page);
  // The page's socket goes through a relay to the real server that the test can cut.
  const relay = { refuse: false, cut: () => {} };
  await page.routeWebSocket(/\/api\/ws$/, (ws) => {
    if (relay.refuse) {
      ws.close({ code: 1011, reason: 'relay down' });
      return;
    }
    const server = ws.connectToServer();
    relay.cut = () => {
      ws.close({ code: 1011, reason: 'relay down' });
      server.close();
    };
  });

  await page.goto('/runs');
  const status = page.getByTestId('live-status');
  await expect(status).toHaveText('En direct');
  await page.getByTestId('filter-workflow').selectOption({ label: name });
  await expect(page.getByText('Aucune exécution ne correspond.')).toBeVisible();

  relay.refuse = true;
  relay.cut();
  await expect(status).toHaveText('Reconnexion…');
  // While the socket is down, the list still catches up, through the slow poll (every 20 s).
  const posted = Date.now();
  const runId = await postEvent(page.request, id);
  await expect(page.getByTestId(`run-row-${runId}`)).toBeVisible({ timeout: 25_000 });
  expect(Date.now() - posted).toBeGreaterThan(1000);
  expect(live.received('run.updated', runId)).toBe(false);

  // The relay accepts again: the connection comes back by itself, and live messages flow again.
  relay.refuse = false;
  await expect(status).toHaveText('En direct', { timeout: 40_000 });
  const next = await postEvent(page.request, id);
  await disable(page.request, id);
  await expect(page.getByTestId(`run-row-${next}`)).toBeVisible({ timeout: 5000 });
  expect(live.received('run.updated', next)).toBe(true);
});
