import { expect, type Locator, type Page } from '@playwright/test';

/** The canvas node of a workflow node id. */
export const node = (page: Page, id: string): Locator => page.getByTestId(`node-${id}`);

/** Drags a palette entry (found by its search text and key) onto the canvas at a point of the pane. */
export async function dropFromPalette(page: Page, key: string, search: string, at: { x: number; y: number }) {
  const box = page.getByPlaceholder('Rechercher un bloc');
  await box.fill(search);
  const item = page.locator(`[data-palette-key="${key}"]`);
  await expect(item).toBeVisible();
  await item.dragTo(page.locator('.react-flow__pane'), { targetPosition: at });
  await box.fill('');
}

/** Draws an edge from a node's output port to another node's input. */
export async function connectPorts(page: Page, from: string, port: string, to: string) {
  const handle = node(page, from).locator(`.wf-handle-out[data-port="${port}"]`);
  const target = node(page, to).locator('.wf-handle-in');
  await handle.hover();
  await page.mouse.down();
  const box = await target.boundingBox();
  if (!box) throw new Error(`no input handle on ${to}`);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
}

/** Selects a node by clicking its title. */
export async function selectNode(page: Page, id: string) {
  await node(page, id).locator('.wf-node-title').click();
  await expect(page.getByTestId('inspector')).toBeVisible();
}

/** Waits until the save indicator says the server has everything. */
export async function expectSaved(page: Page) {
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved', { timeout: 20_000 });
}
