import { expect, signIn, test, unique } from './fixtures.ts';

test('the firm’s settings as a form, its people and its API keys', async ({ page }) => {
  await signIn(page.request);
  await page.goto('/settings');
  const form = page.getByTestId('firm-config');
  const concurrency = form.getByLabel('Runs simultanés au plus');
  await expect(concurrency).toBeVisible();
  // A value not set shows its default.
  await expect(concurrency).toHaveAttribute('placeholder', 'Par défaut : 20');

  // A value out of bounds is refused, with the reason under the field; nothing is stored.
  await form.getByLabel('Seuil de confiance').fill('3');
  await page.getByTestId('save-settings').click();
  await expect(form.locator('.field.has-issue')).toContainText('au plus 1');
  await form.getByLabel('Seuil de confiance').fill('0.9');
  await concurrency.fill('12');
  await page.getByTestId('save-settings').click();
  await expect(page.getByText('Réglages enregistrés.')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('firm-config').getByLabel('Runs simultanés au plus')).toHaveValue('12');
  const stored = await (await page.request.get('/api/firm/config')).json();
  expect(stored.config.performance.maxConcurrentWorkflows).toBe(12);
  expect(stored.config.ai.confidenceThreshold).toBe(0.9);

  // In words: enums by their labels, booleans as boxes to tick, lists of objects as repeated sub-forms.
  const settings = page.getByTestId('firm-config');
  await expect(
    settings.getByLabel('Agenda', { exact: true }).locator('option', { hasText: /^Agenda du studio$/ }),
  ).toHaveCount(1);
  await expect(settings.getByText('Si vrai')).toHaveCount(0);
  await expect(settings.getByRole('checkbox', { name: "Journal d'audit" })).toBeVisible();
  const team = settings.locator('fieldset.object-list', { has: page.locator('legend', { hasText: /^Équipe$/ }) });
  await team.getByRole('button', { name: 'Ajouter à « Équipe »' }).click();
  await expect(team.getByRole('group', { name: 'Équipe n° 1' })).toBeVisible();
  await team.getByRole('button', { name: 'Retirer Équipe n° 1' }).click();
  await expect(team.getByRole('group', { name: 'Équipe n° 1' })).toHaveCount(0);

  // An API key: shown once, usable, then revoked and refused.
  const keys = page.getByTestId('api-keys');
  const name = unique('CRM');
  await keys.getByLabel('Nom de la clé').fill(name);
  await keys.getByRole('button', { name: 'Créer une clé' }).click();
  const key = await keys.getByTestId('created-key').textContent();
  expect(key).toMatch(/^iapm_/);
  const headers = { authorization: `Bearer ${key}` };
  expect((await page.request.get('/api/workflows', { headers })).status()).toBe(200);
  page.once('dialog', (d) => d.accept());
  await keys
    .getByRole('row', { name: new RegExp(name) })
    .getByRole('button', { name: 'Révoquer' })
    .click();
  await expect(keys.getByRole('row', { name: new RegExp(name) })).toContainText('Révoquée le');
  const context = await page.context().browser()?.newContext();
  const anonymous = await context?.request.get(`${new URL(page.url()).origin}/api/workflows`, { headers });
  expect(anonymous?.status()).toBe(401);
  await context?.close();

  // A new lawyer: a password shown once, which signs in; suspended, they cannot.
  const users = page.getByTestId('users');
  const email = `${unique('avocate').replace(/\W+/g, '.')}@demo.iapm.fr`.toLowerCase();
  await users.getByLabel('Nom').fill('Maître Durand');
  await users.getByLabel('Adresse e-mail').fill(email);
  await users.getByRole('button', { name: 'Ajouter un avocat ou assistant' }).click();
  const password = await users.getByTestId('created-password').textContent();
  const lawyer = await page.context().browser()?.newContext();
  const login = () =>
    lawyer?.request.post(`${new URL(page.url()).origin}/api/auth/login`, { data: { email, password } });
  expect((await login())?.status()).toBe(200);
  await users.getByRole('button', { name: 'Suspendre l’accès — Maître Durand' }).click();
  await expect(users.getByRole('button', { name: 'Rétablir l’accès — Maître Durand' })).toBeVisible();
  expect((await login())?.status()).not.toBe(200);
  await lawyer?.close();

  // Put the setting back for the other tests.
  await page.request.put('/api/firm/config', { data: {} });
});
