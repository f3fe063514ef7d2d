import { dropFromPalette, expectSaved, node, selectNode } from './canvas-helpers.ts';
import { notifyWorkflow } from './documents.ts';
import { createWorkflow, expect, openEditor, signIn, test, unique } from './fixtures.ts';

test.beforeEach(async ({ page }) => {
  await signIn(page.request);
});

test('undo and redo, copy and paste with fresh ids, delete, keyboard shortcuts and sticky notes', async ({ page }) => {
  const id = await createWorkflow(page.request, unique('Édition'), notifyWorkflow);
  await openEditor(page, id);
  await expect(page.locator('.react-flow__node')).toHaveCount(3);

  // Copy and paste: a new node with a fresh id, selected, one undo step.
  await selectNode(page, 'notify');
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(node(page, 'send-notification')).toBeVisible();
  await expect(page.locator('.react-flow__node')).toHaveCount(4);
  await expect(page.getByTestId('inspector').getByRole('heading')).toHaveText('Prévenir');
  await expect(page.getByTestId('inspector').locator('.node-id')).toHaveText('send-notification');
  await page.keyboard.press('Control+v');
  await expect(node(page, 'send-notification-2')).toBeVisible();

  // Undo, redo, with the keyboard and the toolbar.
  await page.keyboard.press('Control+z');
  await expect(node(page, 'send-notification-2')).toHaveCount(0);
  await page.getByTestId('undo').click();
  await expect(node(page, 'send-notification')).toHaveCount(0);
  await page.getByTestId('redo').click();
  await expect(node(page, 'send-notification')).toBeVisible();
  await page.keyboard.press('Control+Shift+z');
  await expect(node(page, 'send-notification-2')).toBeVisible();

  // Delete with the keyboard, with the edges that touched the node; undo brings both back.
  await selectNode(page, 'notify');
  await page.locator('.react-flow__node[data-id="notify"]').focus();
  await page.keyboard.press('Delete');
  await expect(node(page, 'notify')).toHaveCount(0);
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(node(page, 'notify')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);

  // Select all, duplicate: every node gets a copy.
  await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
  await page.keyboard.press('Control+a');
  await expect(page.getByText('7 éléments sélectionnés.')).toBeVisible();
  await page.keyboard.press('Control+d');
  await expect(page.locator('.react-flow__node')).toHaveCount(10);
  await page.keyboard.press('Control+z');
  await expect(page.locator('.react-flow__node')).toHaveCount(5);

  // A sticky note, written on the canvas.
  await dropFromPalette(page, 'note', 'note', { x: 700, y: 80 });
  const note = page.getByTestId('note-note').getByRole('textbox');
  await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
  // Behind the blocks, but reachable with the mouse.
  await note.click();
  await note.fill('À relire par Maître Moreau');
  await expect(note).toHaveValue('À relire par Maître Moreau');

  // Renaming a block: its edges follow; a taken id is refused.
  await selectNode(page, 'notify');
  const idField = page.getByTestId('node-id');
  await idField.fill('mail');
  await expect(page.getByText('Un autre bloc porte déjà cet identifiant.')).toBeVisible();
  await idField.fill('prevenir');
  await idField.press('Enter');
  await expect(node(page, 'prevenir')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await page.keyboard.press('Escape');

  // The shortcuts are listed.
  await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Raccourcis clavier' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await expectSaved(page);
  const stored = await (await page.request.get(`/api/workflows/${id}`)).json();
  expect(stored.draft.nodes.map((n: { id: string }) => n.id)).toEqual([
    'mail',
    'prevenir',
    'end',
    'send-notification',
    'send-notification-2',
  ]);
  expect(stored.draft.annotations).toEqual([
    expect.objectContaining({ id: 'note', text: 'À relire par Maître Moreau' }),
  ]);
});

test('the JSON view validates as you type', async ({ page }) => {
  const id = await createWorkflow(page.request, unique('JSON'), notifyWorkflow);
  await openEditor(page, id);
  await selectNode(page, 'notify');
  await page.getByTestId('tab-json').click();
  const json = page.getByTestId('node-json');
  const original = await json.inputValue();

  await json.fill(`${original.slice(0, -2)}`);
  await expect(page.getByText(/JSON non valide/)).toBeVisible();

  const node1 = JSON.parse(original);
  node1.params.priority = 'très urgent';
  await json.fill(JSON.stringify(node1, null, 2));
  await expect(page.getByText(/JSON non valide/)).toHaveCount(0);
  await expect(page.getByTestId('node-json-issues')).toContainText('Valeur non autorisée');
  await expect(page.getByTestId('node-badge-notify')).toBeVisible();

  node1.params.priority = 'high';
  node1.label = 'Prévenir vite';
  await json.fill(JSON.stringify(node1, null, 2));
  await expect(page.getByTestId('node-json-issues')).toHaveCount(0);
  await expect(node(page, 'notify').locator('.wf-node-title')).toHaveText('Prévenir vite');

  node1.kind = 'end';
  await json.fill(JSON.stringify(node1, null, 2));
  await expect(page.getByText('Le type et l’identifiant du bloc ne peuvent pas changer ici.')).toBeVisible();
  await expectSaved(page);
});

test('switches language', async ({ page }) => {
  const id = await createWorkflow(page.request, unique('Langue'), {
    ...notifyWorkflow,
    nodes: [
      ...notifyWorkflow.nodes.slice(0, 2),
      {
        id: 'check',
        kind: 'condition',
        logic: { contains: [{ var: 'payload.subject' }, 'OQTF'] },
        position: { x: 300, y: 170 },
      },
      notifyWorkflow.nodes[2],
    ],
  });
  await openEditor(page, id);
  await expect(page.getByRole('heading', { name: 'Déclencheurs' })).toBeVisible();
  await expect(node(page, 'check').locator('.wf-port')).toHaveText(['Oui', 'Non']);
  await expect(node(page, 'check').locator('.wf-node-summary')).toHaveText('Objet contient OQTF');

  await page.getByTestId('switch-language').click();
  await expect(page.getByRole('heading', { name: 'Triggers' })).toBeVisible();
  await expect(page.getByTestId('undo')).toHaveText('Undo');
  await expect(node(page, 'check').locator('.wf-port')).toHaveText(['Yes', 'No']);
  await expect(node(page, 'check').locator('.wf-node-summary')).toHaveText('Subject contains OQTF');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('problems-toggle')).toContainText('Problems');

  // The choice is kept.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Triggers' })).toBeVisible();
  await page.getByTestId('switch-language').click();
  await expect(page.getByRole('heading', { name: 'Déclencheurs' })).toBeVisible();
});
