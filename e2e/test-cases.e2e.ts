import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { node } from './canvas-helpers.ts';
import { createWorkflow, expect, openEditor, signIn, test, unique } from './fixtures.ts';

/*
 *   courrier (email:classified) ──► est-oqtf ─Oui─► delai ──► attente-pieces (2 jours ouvrés)
 *                                      │                          └──► projet-recours (ROUGE) ─Approuvé─► prevenir
 *                                      └─Non─► hors-oqtf                              └─Rejeté─► refuse
 */
const example = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'runtime', 'examples', 'oqtf-recours.workflow.json'), 'utf8'),
);

test('saves two test cases from the panel, runs them from the Tests tab: one passes, one fails with its reason', async ({
  page,
}) => {
  await signIn(page.request);
  const { id: _drop, ...document } = example;
  const id = await createWorkflow(page.request, unique('Cas OQTF'), document);
  await openEditor(page, id);
  await page.getByRole('button', { name: 'Réorganiser' }).click();
  await page.getByTestId('test-toggle').click();
  const panel = page.getByTestId('test-run-panel');
  await panel.getByTestId('simulated-now').fill('2026-03-10T09:00');

  // First case: the lawyer approves; the run must succeed by the same path.
  await panel.getByTestId('run-test').click();
  await expect(panel.getByTestId('trace-status')).toContainText('Réussi');
  await panel.getByTestId('save-test-case').click();
  const form = panel.getByTestId('save-test-case-form');
  await form.getByLabel('Nom du cas').fill('Recours approuvé puis client prévenu');
  await expect(form.getByLabel('Statut final attendu')).toHaveValue('succeeded');
  await form.getByLabel('Exiger aussi les mêmes étapes').check();
  await form.getByRole('button', { name: 'Enregistrer le cas' }).click();
  await expect(panel.getByText('Cas « Recours approuvé puis client prévenu » enregistré')).toBeVisible();

  // Second case: the gate is left waiting, but the lawyer who saves it expects the run to end.
  await panel.getByLabel('Projet de requête au tribunal administratif').selectOption({ label: 'Laisser en attente' });
  await panel.getByTestId('run-test').click();
  await expect(panel.getByTestId('trace-status')).toContainText('En attente de validation');
  await panel.getByTestId('save-test-case').click();
  await form.getByLabel('Nom du cas').fill('Recours déposé sans attendre');
  await expect(form.getByLabel('Statut final attendu')).toHaveValue('awaiting_validation');
  await form.getByLabel('Statut final attendu').selectOption({ label: 'Réussie' });
  await form.getByRole('button', { name: 'Enregistrer le cas' }).click();
  await expect(panel.getByText('Cas « Recours déposé sans attendre » enregistré')).toBeVisible();

  // The Tests tab lists both; « Tout lancer » replays them on the draft.
  await page.getByTestId('tab-test-cases').click();
  const tests = page.getByTestId('test-cases');
  const approved = tests.locator('li.test-case', { hasText: 'Recours approuvé puis client prévenu' });
  const waiting = tests.locator('li.test-case', { hasText: 'Recours déposé sans attendre' });
  await expect(approved).toContainText('Attendu : Réussie — 6 étape(s) exigée(s)');
  await expect(waiting).toContainText('Attendu : Réussie');
  await tests.getByTestId('run-test-cases').click();
  await expect(tests.getByTestId('test-cases-summary')).toHaveText('1 réussi(s), 1 en échec');
  await expect(approved.getByTestId('test-case-badge')).toHaveText('Réussi');
  await expect(waiting.getByTestId('test-case-badge')).toHaveText('Échoué');
  await expect(waiting.getByTestId('test-case-reasons')).toHaveText(
    'Statut final attendu : réussie ; obtenu : en attente de validation.',
  );

  // A click opens a case's trace on the canvas.
  await waiting.getByRole('button', { name: 'Recours déposé sans attendre', exact: true }).click();
  await expect(node(page, 'projet-recours')).toHaveClass(/run-waiting/);
  await expect(node(page, 'prevenir')).not.toHaveClass(/run-/);
  await expect(page.getByTestId('trace-status')).toContainText('En attente de validation');
  await approved.getByRole('button', { name: 'Recours approuvé puis client prévenu', exact: true }).click();
  await expect(node(page, 'prevenir')).toHaveClass(/run-succeeded/);
  await expect(page.getByTestId('trace-status')).toContainText('Réussi');
});

test('a workflow installed from a preset offers its sample events and scenarios in the test panel', async ({
  page,
}) => {
  await signIn(page.request);
  const installed = await page.request.post('/api/presets/oqtf-libre/install', {
    data: { name: unique('OQTF libre installé') },
  });
  expect(installed.status(), await installed.text()).toBe(201);
  const { id } = (await installed.json()) as { id: string };
  await openEditor(page, id);
  await page.getByTestId('test-toggle').click();
  const panel = page.getByTestId('test-run-panel');
  const picker = panel.getByTestId('preset-sample');
  // Only the samples of the trigger's event (the preset's other sample is a procedure update).
  await expect(picker.locator('optgroup[label="Événements d’exemple"] option')).toHaveCount(1);
  await expect(picker.locator('optgroup[label="Scénarios"] option', { hasText: 'Projet refusé' })).toHaveCount(1);

  // A sample event fills the payload.
  await picker.selectOption({ label: 'oqtf notifiee' });
  await expect(panel.getByLabel('Résumé')).toHaveValue(/OQTF avec délai de départ volontaire de 30 jours/);

  // A scenario brings its start and its answers to the gates too: the lawyer rejects the draft.
  const gates = panel.locator('fieldset', { hasText: 'Réponses des avocats aux validations' }).locator('select');
  await expect(gates.first()).toHaveValue('APPROVED');
  await picker.selectOption({
    label: 'Projet refusé par l’avocat : note épinglée, les rappels continuent jusqu’à H-24'.replace(/’/g, "'"),
  });
  await expect(gates.first()).toHaveValue('REJECTED');
  await panel.getByTestId('run-test').click();
  await expect(panel.getByTestId('step-projet')).toContainText('Rejeté');
});
