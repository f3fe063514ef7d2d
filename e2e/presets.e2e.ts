import { expect, signIn, test, unique } from './fixtures.ts';

test('install a preset from the gallery: it opens in the editor as a new draft', async ({ page }) => {
  await signIn(page.request);
  await page.goto('/workflows');
  await page.getByTestId('nav-presets').click();
  await expect(page.getByRole('heading', { name: 'Modèles de workflow', exact: true })).toBeVisible();

  // Thirteen CESEDA presets, each with what it does and its autonomy in words.
  const gallery = page.getByTestId('preset-gallery');
  await expect(gallery.locator('article')).toHaveCount(13);
  const card = page.getByTestId('preset-oqtf-libre');
  await expect(card.getByRole('heading', { level: 3 })).toHaveText(/OQTF — personne libre/);
  await expect(card).toContainText('Démarre sur : E-mail classé');
  await expect(card).toContainText('toujours validée(s) par un avocat (ROUGE)');
  await page.getByTestId('preset-category').selectOption('follow-up');
  await expect(gallery.locator('article')).toHaveCount(3);
  await page.getByTestId('preset-category').selectOption('');

  await card.getByRole('link', { name: /Voir et installer/ }).click();
  await expect(page).toHaveURL(/\/presets\/oqtf-libre$/);
  // The graph drawn read-only with the editor's node components, and the samples and scenarios in words.
  const preview = page.getByTestId('preset-preview');
  await expect(preview.locator('.react-flow__node')).toHaveCount(19);
  await expect(preview.locator('.react-flow__node.draggable')).toHaveCount(0);
  await expect(page.getByTestId('preset-samples')).toContainText('E-mail classé, le jeudi 5 novembre 2026 à 16:20');
  await page.getByTestId('preset-samples').getByText('E-mail classé, le jeudi 5 novembre 2026').click();
  const fields = page.getByTestId('preset-samples').locator('details[open] .fields-in-words');
  await expect(
    fields.locator('div', { has: page.locator('dt', { hasText: 'Situation de la personne' }) }),
  ).toContainText('Libre');
  await expect(page.getByTestId('preset-scenarios')).toContainText('Résultat attendu : Réussie');

  const name = unique('OQTF libre du cabinet');
  await page.getByTestId('install-name').fill(name);
  await page.getByTestId('install-preset').click();
  await expect(page).toHaveURL(/\/workflows\/[0-9a-f]{24}$/);
  await expect(page.getByTestId('editor')).toBeVisible();
  await expect(page.locator('.react-flow__node')).toHaveCount(19);
  const id = page.url().split('/').at(-1);
  const wf = await (await page.request.get(`/api/workflows/${id}`)).json();
  expect(wf).toMatchObject({ name, status: 'draft', enabled: false, presetId: 'oqtf-libre' });
});
