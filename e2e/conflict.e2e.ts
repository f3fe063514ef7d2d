import { expectSaved, node, selectNode } from './canvas-helpers.ts';
import { notifyWorkflow } from './documents.ts';
import { createWorkflow, expect, openEditor, signIn, test, unique } from './fixtures.ts';

test('two people save the same draft: both changes are kept', async ({ page, browser, baseURL }) => {
  await signIn(page.request);
  const id = await createWorkflow(page.request, unique('Conflit'), notifyWorkflow);
  const other = await browser.newContext({ baseURL: baseURL as string, viewport: { width: 1440, height: 900 } });
  const second = await other.newPage();
  await signIn(second.request);
  await openEditor(page, id);
  await openEditor(second, id);

  // The second page changes the end node and saves first.
  await selectNode(second, 'end');
  await second.getByTestId('node-label').fill('Dossier traité');
  await expectSaved(second);

  // This page, still on the older revision, changes the notification.
  await selectNode(page, 'notify');
  await page.getByRole('combobox', { name: 'Titre', exact: true }).fill('Courrier à traiter');
  const dialog = page.getByTestId('conflict-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'conflict');
  // Both versions are shown, and the merge keeps both changes.
  await expect(dialog.getByTestId('conflict-mine').getByText('Terminé')).toBeVisible();
  await expect(dialog.getByTestId('conflict-theirs').getByText('Dossier traité')).toBeVisible();
  await expect(dialog.getByTestId('conflict-merged').getByText('Dossier traité')).toBeVisible();
  await expect(dialog.getByTestId('conflict-none')).toBeVisible();
  await dialog.getByTestId('conflict-save-merged').click();
  await expectSaved(page);
  await expect(node(page, 'end').locator('.wf-node-title')).toHaveText('Dossier traité');

  const stored = await (await page.request.get(`/api/workflows/${id}`)).json();
  const byId = new Map(stored.draft.nodes.map((n: { id: string }) => [n.id, n]));
  expect(byId.get('end')).toMatchObject({ label: 'Dossier traité' });
  expect(byId.get('notify')).toMatchObject({ params: { title: 'Courrier à traiter' } });

  // Now both change the same block: the person chooses, the other version stays in Undo.
  await second.reload();
  await selectNode(second, 'notify');
  await second.getByRole('combobox', { name: 'Titre', exact: true }).fill('Titre de l’autre');
  await expectSaved(second);
  await page.getByRole('combobox', { name: 'Titre', exact: true }).fill('Mon titre');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('group', { name: 'Prévenir' })).toBeVisible();
  await dialog.getByRole('radio', { name: /Leur version/ }).check();
  await dialog.getByTestId('conflict-save-merged').click();
  await expectSaved(page);
  await expect(page.getByRole('combobox', { name: 'Titre', exact: true })).toHaveValue('Titre de l’autre');
  await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
  await page.keyboard.press('Control+z');
  await selectNode(page, 'notify');
  await expect(page.getByRole('combobox', { name: 'Titre', exact: true })).toHaveValue('Mon titre');
  await other.close();
});
