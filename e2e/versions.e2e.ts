import { readFileSync } from 'node:fs';
import { expectSaved, node, selectNode } from './canvas-helpers.ts';
import { notifyWorkflow } from './documents.ts';
import { createWorkflow, expect, openEditor, signIn, test, unique } from './fixtures.ts';

test('publishes with a summary of changes, compares versions on the canvas, rolls back, exports and imports', async ({
  page,
}) => {
  await signIn(page.request);
  const id = await createWorkflow(page.request, unique('Versions'), notifyWorkflow);
  await openEditor(page, id);

  await page.getByTestId('publish').click();
  await page.getByTestId('publish-dialog').getByTestId('confirm-publish').click();
  await expect(page.getByText('Version 1 publiée.')).toBeVisible();

  // Change the notification, add a wait, remove the end: the summary says so.
  await selectNode(page, 'notify');
  await page.getByRole('combobox', { name: 'Titre', exact: true }).fill('Courrier urgent');
  await page.getByPlaceholder('Rechercher un bloc').fill('attente');
  await page.locator('[data-palette-key="flow:wait"]').click();
  await expect(node(page, 'wait')).toBeVisible();
  await selectNode(page, 'end');
  await page.getByRole('button', { name: 'Supprimer ce bloc' }).click();
  await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
  await expect(page.getByTestId('problems')).toContainText('ne peut jamais être atteint');
  // Blocked while the draft has errors.
  await page.getByTestId('publish').click();
  const dialog = page.getByTestId('publish-dialog');
  await expect(dialog.getByRole('alert')).toContainText('erreur');
  await expect(dialog.getByTestId('confirm-publish')).toBeDisabled();
  await expect(dialog.getByTestId('diff-summary')).toContainText('Ajouté : Attente');
  await expect(dialog.getByTestId('diff-summary')).toContainText('Supprimé : Terminé');
  await expect(dialog.getByTestId('diff-summary')).toContainText('Modifié : Prévenir (paramètres)');
  await expect(dialog.getByTestId('diff-summary')).toContainText('title : Nouveau courrier → Courrier urgent');
  await dialog.getByRole('button', { name: 'Annuler' }).click();

  // Wire the wait after the notification, then publish version 2 with a note.
  await page.locator('[data-testid="node-wait"]').waitFor();
  const out = node(page, 'notify').locator('.wf-handle-out[data-port="success"]');
  await out.hover();
  await page.mouse.down();
  const box = await node(page, 'wait').locator('.wf-handle-in').boundingBox();
  await page.mouse.move((box?.x ?? 0) + 5, (box?.y ?? 0) + 5, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByText('Aucun problème')).toBeVisible();
  await page.getByTestId('publish').click();
  await dialog.getByLabel('Note de version (facultative)').fill('Attente avant clôture');
  await dialog.getByTestId('confirm-publish').click();
  await expect(page.getByText('Version 2 publiée.')).toBeVisible();

  // Versions panel: compare version 1 with the draft on the canvas.
  await page.getByTestId('versions-toggle').click();
  const panel = page.getByTestId('versions-panel');
  await expect(panel.getByTestId('version-2')).toContainText('Attente avant clôture');
  await panel.getByTestId('version-1').getByRole('button', { name: 'Comparer au brouillon' }).click();
  await expect(page.getByTestId('comparison-banner')).toContainText('version 1');
  await expect(node(page, 'wait')).toHaveClass(/mark-added/);
  await expect(node(page, 'notify')).toHaveClass(/mark-changed/);
  await expect(node(page, 'end')).toHaveClass(/mark-removed/);
  await page.getByRole('button', { name: 'Quitter la comparaison' }).click();
  await expect(node(page, 'end')).toHaveCount(0);

  // Roll back: version 1 published again as version 3; the draft stays.
  page.once('dialog', (d) => d.accept());
  await panel.getByTestId('version-1').getByRole('button', { name: 'Republier cette version' }).click();
  await expect(panel.getByText('La version 1 a été republiée (version 3).')).toBeVisible();
  await expect(panel.getByTestId('version-3')).toContainText('reprise de la v1');
  const v3 = await (await page.request.get(`/api/workflows/${id}/versions/3`)).json();
  expect(v3.document.nodes.map((n: { id: string }) => n.id)).toEqual(['mail', 'notify', 'end']);

  // Export the draft, import it back after a change: the change is replaced (and undoable).
  await expectSaved(page);
  const download = page.waitForEvent('download');
  await page.getByTestId('export-json').click();
  const file = await (await download).path();
  const exported = JSON.parse(readFileSync(file, 'utf8'));
  expect(exported.nodes.map((n: { id: string }) => n.id)).toEqual(['mail', 'notify', 'wait']);
  await selectNode(page, 'wait');
  await page.getByRole('button', { name: 'Supprimer ce bloc' }).click();
  await expect(node(page, 'wait')).toHaveCount(0);
  await page.getByTestId('import-draft-file').setInputFiles(file);
  await expect(page.getByText('Le brouillon a été remplacé par le fichier importé')).toBeVisible();
  await expect(node(page, 'wait')).toBeVisible();
  await expectSaved(page);
});
