import { connectPorts, dropFromPalette, expectSaved, node, selectNode } from './canvas-helpers.ts';
import { createWorkflow, expect, openEditor, signIn, test, unique } from './fixtures.ts';

test('builds a workflow by drag and drop, fixes a problem, saves, reloads and publishes', async ({ page }) => {
  await signIn(page.request);
  const id = await createWorkflow(page.request, unique('OQTF reçue'));
  await openEditor(page, id);
  await expect(page.getByText('Commencez par glisser un déclencheur')).toBeVisible();

  // Drag and drop: trigger, extraction, condition, deadline, notification, end.
  await dropFromPalette(page, 'trigger:email:received', 'e-mail reçu', { x: 400, y: 50 });
  await expect(node(page, 'trigger')).toBeVisible();
  await dropFromPalette(page, 'action:extract_data', 'extraire', { x: 400, y: 180 });
  await dropFromPalette(page, 'condition:condition', 'condition', { x: 400, y: 310 });
  await dropFromPalette(page, 'action:create_deadline', 'délai de recours', { x: 300, y: 450 });
  await dropFromPalette(page, 'action:send_notification', 'notifier', { x: 650, y: 180 });
  await dropFromPalette(page, 'flow:end', 'fin', { x: 650, y: 310 });
  for (const n of ['trigger', 'extract-data', 'condition', 'create-deadline', 'send-notification', 'end'])
    await expect(node(page, n)).toBeVisible();

  // Edges between labelled ports.
  await expect(node(page, 'condition').locator('.wf-port')).toHaveText(['Oui', 'Non']);
  await connectPorts(page, 'trigger', 'next', 'extract-data');
  await connectPorts(page, 'extract-data', 'success', 'condition');
  await connectPorts(page, 'condition', 'true', 'create-deadline');
  await connectPorts(page, 'condition', 'false', 'end');
  await connectPorts(page, 'create-deadline', 'success', 'send-notification');
  await expect(page.locator('.react-flow__edge')).toHaveCount(5);
  await expect(page.locator('.react-flow__edge-text', { hasText: 'Oui' })).toHaveCount(1);

  // Auto-layout: top to bottom, « Oui » to the left of « Non ».
  await page.getByRole('button', { name: 'Réorganiser' }).click();
  await expect(async () => {
    const y = async (id: string) => (await node(page, id).boundingBox())?.y ?? Number.NaN;
    const x = async (id: string) => (await node(page, id).boundingBox())?.x ?? Number.NaN;
    expect(await y('trigger')).toBeLessThan(await y('extract-data'));
    expect(await y('extract-data')).toBeLessThan(await y('condition'));
    expect(await y('condition')).toBeLessThan(await y('create-deadline'));
    expect(await x('create-deadline')).toBeLessThan(await x('end'));
  }).toPass();

  // Parameters, with {{ autocompletion of the trigger's fields.
  await selectNode(page, 'extract-data');
  const text = page.getByRole('combobox', { name: 'Texte' });
  await text.fill('');
  await text.pressSequentially('{{payload.te');
  await expect(page.getByRole('option', { name: /Texte/ })).toBeVisible();
  await text.press('Enter');
  await expect(text).toHaveValue('{{payload.text}}');

  // The condition builder: « le champ « Type de procédure (Extraire des données) » est égal à OQTF ».
  await selectNode(page, 'condition');
  await page.getByLabel('Champ de la condition 1').selectOption({ label: 'Type de procédure' });
  await page.getByLabel('Opérateur de la condition 1').selectOption({ label: 'est égal à' });
  await page.getByLabel('Valeur de la condition 1').selectOption({ label: 'OQTF' });
  await expect(node(page, 'condition').locator('.wf-node-summary')).toHaveText(
    'Le champ « Type de procédure (Extraire des données) » est égal à OQTF',
  );
  // Evaluated on the spot against sample values.
  await page.getByText('Tester sur un exemple').click();
  const sample = page.getByTestId('sample-evaluator');
  await sample.getByRole('combobox').selectOption({ label: 'OQTF' });
  await expect(page.getByTestId('sample-result')).toContainText('Oui');
  await sample.getByRole('combobox').selectOption({ label: 'Transfert Dublin' });
  await expect(page.getByTestId('sample-result')).toContainText('Non');

  await selectNode(page, 'create-deadline');
  await page.getByRole('combobox', { name: 'Dossier' }).fill('{{payload.workspaceId}}');
  await page.getByLabel('Type de procédure').selectOption({ label: 'OQTF' });

  // A problem: the notification has no message yet. Clicking it selects the node; fixing it clears it.
  await selectNode(page, 'send-notification');
  await page.getByRole('combobox', { name: 'Titre', exact: true }).fill('Nouvelle OQTF');
  await page.getByRole('button', { name: 'Tout afficher' }).click();
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  const problem = page.getByTestId('problems').getByRole('button', { name: /message.*obligatoire/ });
  await expect(problem).toBeVisible();
  await expect(node(page, 'send-notification').getByTestId('node-badge-send-notification')).toBeVisible();
  await problem.click();
  await expect(page.getByTestId('inspector').getByRole('heading')).toHaveText("Notifier l'équipe");
  await page.getByRole('combobox', { name: 'Message' }).fill('Échéance : {{nodes.create-deadline.output.dueAt}}');
  await page.getByLabel('Rôle destinataire').selectOption({ label: 'Avocats du cabinet' });
  await expect(page.getByText('Aucun problème : ce workflow peut être publié.')).toBeVisible();
  await expect(page.getByTestId('node-badge-send-notification')).toHaveCount(0);

  // Saved by itself; nothing lost after a reload.
  await expectSaved(page);
  await page.reload();
  await expect(page.getByTestId('editor')).toBeVisible();
  await expect(page.locator('.react-flow__node')).toHaveCount(6);
  await expect(page.locator('.react-flow__edge')).toHaveCount(5);
  await expect(node(page, 'condition').locator('.wf-node-summary')).toHaveText(
    'Le champ « Type de procédure (Extraire des données) » est égal à OQTF',
  );
  await selectNode(page, 'send-notification');
  await expect(page.getByRole('combobox', { name: 'Message' })).toHaveValue(
    'Échéance : {{nodes.create-deadline.output.dueAt}}',
  );

  // Publish, with the summary of what is published.
  await page.getByTestId('publish').click();
  const dialog = page.getByTestId('publish-dialog');
  await expect(dialog.getByText('Première publication')).toBeVisible();
  await dialog.getByTestId('confirm-publish').click();
  await expect(page.getByText('Version 1 publiée.')).toBeVisible();
  const stored = await (await page.request.get(`/api/workflows/${id}`)).json();
  expect(stored.publishedVersion).toBe(1);
  expect(stored.enabled).toBe(true);

  // A test run from the panel on the event's example, a letter about an OQTF: the extraction (the built-in
  // rules) finds « OQTF », the condition answers « Oui », and the deadline is in create_deadline's output.
  await page.getByTestId('test-toggle').click();
  const panel = page.getByTestId('test-run-panel');
  await expect(panel.getByLabel('Texte', { exact: true })).toHaveValue(/obligation de quitter le territoire/);
  await panel.getByTestId('simulated-now').fill('2026-03-10T09:00');
  await panel.getByTestId('run-test').click();
  await expect(panel.getByTestId('trace-status')).toContainText('Réussi');
  for (const n of ['trigger', 'extract-data', 'condition', 'create-deadline', 'send-notification'])
    await expect(node(page, n)).toHaveClass(/run-succeeded/);
  await expect(node(page, 'end')).not.toHaveClass(/run-/);
  await expect(panel.getByTestId('step-condition')).toContainText('→ Oui');
  const extraction = panel.getByTestId('step-extract-data');
  await extraction.getByText('Entrée et sortie').click();
  await expect(extraction.locator('dt', { hasText: 'procedureType' }).locator('+ dd')).toHaveText('OQTF');
  const deadline = panel.getByTestId('step-create-deadline');
  await deadline.getByText('Entrée et sortie').click();
  await expect(deadline.locator('section', { hasText: 'Sortie' }).locator('dt', { hasText: 'dueAt' })).toBeVisible();
  await expect(
    deadline.locator('section', { hasText: 'Sortie' }).locator('dt', { hasText: 'dueAt' }).locator('+ dd'),
  ).toContainText('2026');

  // Another letter (a Dublin transfer) takes « Non »: the path ends without a deadline.
  await panel
    .getByLabel('Texte', { exact: true })
    .fill('Bonjour Maître, la préfecture m’a notifié hier une décision de transfert vers l’Italie (procédure Dublin).');
  await panel.getByTestId('run-test').click();
  await expect(panel.getByTestId('step-condition')).toContainText('→ Non');
  await expect(node(page, 'end')).toHaveClass(/run-succeeded/);
  await expect(node(page, 'create-deadline')).not.toHaveClass(/run-/);
});
