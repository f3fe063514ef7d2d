import { disable, postEvent, publish } from './api-helpers.ts';
import { node } from './canvas-helpers.ts';
import { createWorkflow, expect, recordLiveFrames, signIn, test, unique } from './fixtures.ts';

/** Longest wait for a live change: far below the fallback poll (20 s, only while the socket is down). */
const LIVE_MS = 5000;

/*
 *   courrier (email:classified) ──► journal (RED: a lawyer decides) ──Approuvé──► fin
 */
const gated = {
  schemaVersion: 1,
  nodes: [
    { id: 'courrier', kind: 'trigger', event: 'email:classified', position: { x: 0, y: 0 } },
    {
      id: 'journal',
      kind: 'action',
      action: 'log_event',
      label: 'Consigner le courrier',
      autonomy: 'RED',
      params: { level: 'info', message: 'Courrier {{payload.messageId}} classé {{payload.procedureType}}' },
      gate: { instructions: 'Vérifier le classement.' },
      position: { x: 0, y: 170 },
    },
    { id: 'fin', kind: 'end', position: { x: 0, y: 340 } },
  ],
  edges: [
    { id: 'e1', source: 'courrier', target: 'journal' },
    { id: 'e2', source: 'journal', target: 'fin' },
  ],
};

test('a posted event appears live in the runs; its RED gate appears live in the inbox; approved, the run finishes', async ({
  page,
}) => {
  await signIn(page.request);
  const name = unique('Gate ROUGE');
  const id = await createWorkflow(page.request, name, gated);
  await publish(page.request, id);
  const live = recordLiveFrames(page);

  await page.goto('/runs');
  await expect(page.getByRole('heading', { name: 'Exécutions' })).toBeVisible();
  await expect(page.getByTestId('live-status')).toHaveText('En direct');
  await page.getByTestId('filter-workflow').selectOption({ label: name });
  await expect(page.getByText('Aucune exécution ne correspond.')).toBeVisible();

  // An event posted through the API: the run shows up without reloading, waiting for a lawyer. It comes
  // through the socket: its message arrived, and the row shows long before the fallback poll (20 s, and
  // only while the socket is down) could have run.
  const runId = await postEvent(page.request, id, { summary: 'Courrier réel de Mme Benali' });
  const row = page.getByTestId(`run-row-${runId}`);
  await expect(row).toBeVisible({ timeout: LIVE_MS });
  await expect(row.locator('.run-chip')).toHaveText('En attente de validation', { timeout: LIVE_MS });
  await expect(row).toContainText('E-mail classé');
  expect(live.received('run.updated', runId)).toBe(true);
  expect(live.opened()).toBe(1);

  // The inbox shows it (and the count in the navigation), with the prepared action; a second event's gate
  // appears while the inbox is open, and the count follows.
  await page.getByTestId('nav-inbox').click();
  await expect(page.getByTestId('nav-inbox')).toContainText('en attente');
  const cards = page.locator('article.validation-card', { hasText: name });
  await expect(cards).toHaveCount(1);
  const before = Number((await page.getByTestId('nav-inbox').textContent())?.match(/\d+/)?.[0]);
  const second = await postEvent(page.request, id);
  await expect(cards).toHaveCount(2, { timeout: LIVE_MS });
  await expect(page.getByTestId('nav-inbox')).toContainText(`${before + 1} en attente`, { timeout: LIVE_MS });
  expect(live.received('validation.created', second)).toBe(true);
  const card = cards.first();
  await expect(card).toContainText('Journaliser');
  await expect(card).toContainText('classé OQTF');
  await card.getByRole('button', { name: 'Approuver', exact: true }).click();
  await expect(cards).toHaveCount(1);
  await cards.first().getByRole('button', { name: 'Approuver', exact: true }).click();
  await expect(cards).toHaveCount(0);
  await expect(page.getByTestId('decided-list')).toContainText('Approuvée');
  // The page kept one socket across the screens.
  expect(live.opened()).toBe(1);

  // The run finished: its path is painted on the version it ran.
  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId('run-detail').locator('.run-chip')).toHaveText('Réussie');
  await expect(node(page, 'journal')).toHaveClass(/run-succeeded/);
  await expect(node(page, 'fin')).toHaveClass(/run-succeeded/);
  await expect(page.getByTestId('step-journal')).toContainText('Réussi');

  // The test panel can start from this real run's event.
  await page.getByRole('button', { name: 'Ouvrir le workflow' }).click();
  await page.getByTestId('test-toggle').click();
  const panel = page.getByTestId('test-run-panel');
  await expect(panel.getByLabel('Résumé')).not.toHaveValue('Courrier réel de Mme Benali');
  await panel.getByTestId('past-run').selectOption({ index: 2 });
  await expect(panel.getByLabel('Résumé')).toHaveValue('Courrier réel de Mme Benali');
  await disable(page.request, id);
});

test('a run’s detail follows it live: decided elsewhere, it finishes on screen', async ({ page }) => {
  await signIn(page.request);
  const name = unique('Gate détail');
  const id = await createWorkflow(page.request, name, gated);
  await publish(page.request, id);
  const live = recordLiveFrames(page);
  const runId = await postEvent(page.request, id);
  await disable(page.request, id);

  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId('live-status')).toHaveText('En direct');
  const chip = page.getByTestId('run-detail').locator('.run-chip');
  await expect(chip).toHaveText('En attente de validation');

  // Another lawyer decides (through the API): the detail changes without reloading.
  const detail = await (await page.request.get(`/api/runs/${runId}`)).json();
  const decided = await page.request.post(`/api/validations/${detail.validations[0].id}/decision`, {
    data: { decision: 'APPROVED' },
  });
  expect(decided.status(), await decided.text()).toBe(200);
  await expect(chip).toHaveText('Réussie', { timeout: LIVE_MS });
  await expect(node(page, 'fin')).toHaveClass(/run-succeeded/, { timeout: LIVE_MS });
  expect(live.received('run.updated', runId)).toBe(true);
});

test('a lawyer edits then approves, or rejects with a reason', async ({ page }) => {
  await signIn(page.request);
  const name = unique('Gate décisions');
  const id = await createWorkflow(page.request, name, gated);
  await publish(page.request, id);
  const edited = await postEvent(page.request, id);
  const rejected = await postEvent(page.request, id);
  await disable(page.request, id);

  await page.goto('/validations');
  const cards = page.locator('article.validation-card', { hasText: name });
  await expect(cards).toHaveCount(2);

  // Edit then approve: the action's form, prefilled with what was prepared.
  const first = cards.first();
  await first.getByRole('button', { name: 'Modifier puis approuver' }).click();
  await first.getByLabel('Message').fill('Courrier relu par Maître Moreau');
  await first.getByRole('button', { name: 'Approuver avec ces modifications' }).click();
  await expect(cards).toHaveCount(1);

  // Reject: a reason is required.
  const second = cards.first();
  await second.getByRole('button', { name: 'Rejeter' }).click();
  await expect(second.getByRole('button', { name: 'Confirmer le rejet' })).toBeDisabled();
  await second.getByLabel('Motif du rejet').fill('Classement erroné');
  await second.getByRole('button', { name: 'Confirmer le rejet' }).click();
  await expect(cards).toHaveCount(0);
  await expect(page.getByTestId('decided-list')).toContainText('Modifiée puis approuvée');
  await expect(page.getByTestId('decided-list')).toContainText('« Classement erroné »');

  const runs = [edited, rejected];
  const details = await Promise.all(runs.map(async (r) => (await page.request.get(`/api/runs/${r}`)).json()));
  const decisions = details.map((d) => d.validations[0]?.status).sort();
  expect(decisions).toEqual(['MODIFIED_APPROVED', 'REJECTED']);
  const modified = details.find((d) => d.validations[0]?.status === 'MODIFIED_APPROVED');
  expect(modified.validations[0].finalParams.message).toBe('Courrier relu par Maître Moreau');
});
