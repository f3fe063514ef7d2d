import { disable, postEvent, publish } from './api-helpers.ts';
import { node } from './canvas-helpers.ts';
import { createWorkflow, expect, signIn, test, unique } from './fixtures.ts';

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

  await page.goto('/runs');
  await expect(page.getByRole('heading', { name: 'Exécutions' })).toBeVisible();
  await page.getByTestId('filter-workflow').selectOption({ label: name });
  await expect(page.getByText('Aucune exécution ne correspond.')).toBeVisible();

  // An event posted through the API: the run shows up without reloading, waiting for a lawyer.
  const runId = await postEvent(page.request, id, { summary: 'Courrier réel de Mme Benali' });
  const row = page.getByTestId(`run-row-${runId}`);
  await expect(row).toBeVisible();
  await expect(row.locator('.run-chip')).toHaveText('En attente de validation');
  await expect(row).toContainText('E-mail classé');

  // The inbox shows it (and the count in the navigation), with the prepared action.
  await page.getByTestId('nav-inbox').click();
  await expect(page.getByTestId('nav-inbox')).toContainText('en attente');
  const card = page.locator('article.validation-card', { hasText: name });
  await expect(card).toBeVisible();
  await expect(card).toContainText('Journaliser');
  await expect(card).toContainText('classé OQTF');
  await card.getByRole('button', { name: 'Approuver', exact: true }).click();
  await expect(card).toHaveCount(0);
  await expect(page.getByTestId('decided-list')).toContainText('Approuvée');

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
  await panel.getByTestId('past-run').selectOption({ index: 1 });
  await expect(panel.getByLabel('Résumé')).toHaveValue('Courrier réel de Mme Benali');
  await disable(page.request, id);
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
