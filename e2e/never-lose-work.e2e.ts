import { expectSaved, node, selectNode } from './canvas-helpers.ts';
import { notifyWorkflow } from './documents.ts';
import { createWorkflow, expect, openEditor, signIn, test, unique } from './fixtures.ts';

test('unsaved work is flagged, guarded, kept in the browser and restored', async ({ page }) => {
  await signIn(page.request);
  const name = unique('Hors ligne');
  const id = await createWorkflow(page.request, name, notifyWorkflow);
  await openEditor(page, id);
  await expect(page.getByTestId('save-status')).toHaveText(/Enregistré/);

  // The server stops answering draft saves.
  await page.route(`**/api/workflows/${id}/draft`, (route) => route.abort('connectionrefused'));
  await selectNode(page, 'notify');
  await page.getByRole('combobox', { name: 'Titre', exact: true }).fill('Écrit hors ligne');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'error');

  // Leaving asks first; staying keeps everything on screen.
  page.once('dialog', (d) => d.dismiss());
  await page.getByRole('link', { name: /Tous les workflows/ }).click();
  await expect(page.getByTestId('editor')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Titre', exact: true })).toHaveValue('Écrit hors ligne');

  // Leaving anyway: the work stays in this browser.
  page.once('dialog', (d) => d.accept());
  await page.getByRole('link', { name: /Tous les workflows/ }).click();
  await expect(page.getByRole('link', { name })).toBeVisible();

  // The server is back: opening the workflow offers to restore the work, which is then saved.
  await page.unroute(`**/api/workflows/${id}/draft`);
  await page.getByRole('link', { name }).click();
  await expect(page.getByTestId('backup-banner')).toBeVisible();
  await page.getByRole('button', { name: 'Reprendre ces modifications' }).click();
  await expectSaved(page);
  await expect(node(page, 'notify').locator('.wf-node-summary')).toContainText('Écrit hors ligne');
  const stored = await (await page.request.get(`/api/workflows/${id}`)).json();
  expect(stored.draft.nodes[1].params.title).toBe('Écrit hors ligne');

  // Once saved, nothing is offered again.
  await page.reload();
  await expect(page.getByTestId('editor')).toBeVisible();
  await expect(page.getByTestId('backup-banner')).toHaveCount(0);
});
