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

test('test-runs a workflow from the panel: path painted, deadline in the output, gate answered', async ({ page }) => {
  await signIn(page.request);
  const { id: _drop, ...document } = example;
  const id = await createWorkflow(page.request, unique('Test OQTF'), document);
  await openEditor(page, id);
  await page.getByRole('button', { name: 'Réorganiser' }).click();

  await page.getByTestId('test-toggle').click();
  const panel = page.getByTestId('test-run-panel');
  await expect(panel.getByText('Simule l’arrivée de « E-mail classé »')).toBeVisible();
  // The payload form is prefilled from the event's example.
  await expect(panel.getByLabel('Type de procédure')).toHaveValue('OQTF');
  await panel.getByTestId('simulated-now').fill('2026-03-10T09:00');
  await panel.getByLabel('Projet de requête au tribunal administratif').selectOption({ label: 'Laisser en attente' });
  await panel.getByTestId('run-test').click();

  // The run stops at the lawyer's RED gate, after a wait of two working days.
  await expect(panel.getByTestId('trace-status')).toContainText('En attente de validation');
  await expect(node(page, 'est-oqtf')).toHaveClass(/run-succeeded/);
  await expect(node(page, 'delai')).toHaveClass(/run-succeeded/);
  await expect(node(page, 'projet-recours')).toHaveClass(/run-waiting/);
  await expect(node(page, 'hors-oqtf')).not.toHaveClass(/run-/);
  await expect(page.locator('.react-flow__edge.run-taken')).toHaveCount(4);
  const wait = panel.getByTestId('step-attente-pieces').first();
  await expect(wait).toContainText('reprise le 12/03/2026');
  // The deadline is one click away in the step's output.
  const deadline = panel.getByTestId('step-delai');
  await deadline.getByText('Entrée et sortie').click();
  await expect(deadline.locator('dt', { hasText: 'dueAt' })).toBeVisible();
  await expect(deadline.locator('dt', { hasText: 'deadlineId' })).toBeVisible();
  // Computed by the CESEDA rules as a real run would (with its legal basis), not a stand-in.
  await expect(deadline.locator('dt', { hasText: 'legalRef' })).toBeVisible();
  await expect(deadline).not.toContainText('résultat simulé');

  // Answering the gate when the run pauses: it goes on to the notification.
  await panel.getByTestId('gate-answer').getByRole('button', { name: 'Approuver' }).click();
  await expect(panel.getByTestId('trace-status')).toContainText('Réussi');
  await expect(node(page, 'prevenir')).toHaveClass(/run-succeeded/);
  await expect(node(page, 'refuse')).not.toHaveClass(/run-/);
  // The sandbox does not need the firm's templates, but a real run does: the panel says so.
  const warnings = panel.getByTestId('test-run-warnings');
  await expect(warnings).toContainText('Le modèle « recours-oqtf » n’existe pas dans ce cabinet');

  // Another procedure goes the « Non » way.
  await panel.getByLabel('Type de procédure').selectOption({ label: 'Transfert Dublin' });
  await panel.getByTestId('run-test').click();
  await expect(node(page, 'hors-oqtf')).toHaveClass(/run-succeeded/);
  await expect(node(page, 'delai')).not.toHaveClass(/run-/);
  await expect(panel.getByTestId('step-est-oqtf')).toContainText('→ Non');
});
