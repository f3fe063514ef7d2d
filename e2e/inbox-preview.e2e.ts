import { disable, postEvent, publish } from './api-helpers.ts';
import { caseWorkflow, parisMorning } from './case-helpers.ts';
import { createWorkflow, expect, signIn, test, unique } from './fixtures.ts';

test('a lawyer reads the drafted document at its gate, in words, then approves it', async ({ page }) => {
  await signIn(page.request);
  const lastName = `Ndiaye${Date.now().toString(36)}`;
  const id = await createWorkflow(
    page.request,
    unique('Accusé à relire'),
    caseWorkflow(lastName, parisMorning(-10), false),
  );
  await publish(page.request, id);
  const runId = await postEvent(page.request, id);

  await page.goto('/validations');
  const card = page.locator('article.validation-card', { hasText: 'Accusé à relire' }).first();
  await expect(card).toBeVisible({ timeout: 20_000 });
  // The draft the run prepared, rendered for this client: what the lawyer approves, not its parameters.
  const preview = card.getByTestId('prepared-preview');
  await expect(preview).toContainText('À relire');
  await expect(preview).toContainText('Projet de document « Accusé de réception');
  await expect(preview).toContainText(lastName);
  await expect(preview).toContainText('Nous accusons réception de votre dossier');
  await expect(preview).not.toContainText('{{');

  await card.getByRole('button', { name: 'Approuver', exact: true }).click();
  await expect(async () => {
    const run = await (await page.request.get(`/api/runs/${runId}`)).json();
    expect(run.status).toBe('succeeded');
  }).toPass({ timeout: 20_000 });
  await disable(page.request, id);
});
