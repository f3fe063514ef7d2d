import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { selectNode } from './canvas-helpers.ts';
import { openCase } from './case-helpers.ts';
import { notifyWorkflow } from './documents.ts';
import { createWorkflow, expect, openEditor, signIn, test, unique } from './fixtures.ts';

/** Serious and critical axe-core violations of the page, as readable lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(' | ')}`,
    );
}

test('the main screens have no serious accessibility violation', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await signIn(page.request);
  const id = await createWorkflow(page.request, unique('Accessibilité'), {
    ...notifyWorkflow,
    nodes: [
      ...notifyWorkflow.nodes,
      {
        id: 'check',
        kind: 'condition',
        logic: { '===': [{ var: 'payload.subject' }, 'OQTF'] },
        position: { x: 300, y: 170 },
      },
    ],
  });
  await page.goto('/workflows');
  await expect(page.getByRole('heading', { name: 'Workflows', exact: true })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await openEditor(page, id);
  expect(await seriousViolations(page)).toEqual([]);
  await selectNode(page, 'notify');
  expect(await seriousViolations(page)).toEqual([]);
  await selectNode(page, 'check');
  await page.getByText('Tester sur un exemple').click();
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByTestId('test-toggle').click();
  await expect(page.getByTestId('test-run-panel')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByTestId('tab-test-cases').click();
  await expect(page.getByTestId('test-cases')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByTestId('tab-trial').click();

  await page.getByTestId('publish').click();
  await expect(page.getByTestId('publish-dialog')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  for (const [path, heading] of [
    ['/runs', 'Exécutions'],
    ['/validations', 'Validations à faire'],
    ['/settings', 'Réglages du cabinet'],
    ['/dashboard', 'Tableau de bord'],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole('heading', { name: heading, exact: true })).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(await seriousViolations(page), path).toEqual([]);
  }
});

test('the palette and the dialogs work with the keyboard', async ({ page }) => {
  await signIn(page.request);
  const id = await createWorkflow(page.request, unique('Clavier'));
  await openEditor(page, id);
  // Palette: search, Tab to an entry, Entrée adds it to the canvas.
  await page.getByPlaceholder('Rechercher un bloc').focus();
  await page.keyboard.type('e-mail reçu');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.locator('[data-palette-key="trigger:email:received"]')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('node-trigger')).toBeVisible();
  // The shortcuts dialog: focus moves in, Échap closes it and focus comes back.
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Raccourcis clavier' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Fermer' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Fermer' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});

test('the preset gallery, a preset, the dossiers and a dossier have no serious accessibility violation', async ({
  page,
}) => {
  await signIn(page.request);
  const lastName = unique('Accessibilité').replace(/\s/g, '-');
  const workspaceId = await openCase(page.request, lastName);
  for (const [path, heading] of [
    ['/presets', 'Modèles de workflow'],
    ['/presets/cnda-recours', /Recours CNDA|CNDA/],
    ['/dossiers', 'Dossiers'],
    [`/dossiers/${workspaceId}`, new RegExp(lastName.toUpperCase())],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(await seriousViolations(page), path).toEqual([]);
  }
  // The dossier's deadline and checklist were drawn when it was checked.
  await expect(page.getByTestId('case-deadlines').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('case-checklist').locator('li').first()).toBeVisible();
});
