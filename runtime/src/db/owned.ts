/**
 * Reads a firm's document by `_id` alone and checks its firm in code. On FerretDB v1 only a filter on `_id`
 * alone uses the index: `{ _id, tenantId }` decodes the whole collection (measured: 2 ms against 650 ms on
 * 20,000 documents), so hot paths read by `_id` and compare `tenantId` here. A document of another firm is
 * answered as missing. `tenantId` is immutable, so a write by `_id` after this check stays within the firm.
 */
export async function findOwned<T>(
  model: { findById(id: unknown, projection?: unknown): { lean(): PromiseLike<unknown> } },
  id: unknown,
  tenantId: unknown,
  projection?: Record<string, 0 | 1>,
): Promise<(T & { tenantId: unknown }) | null> {
  const doc = (await model.findById(id, projection ? { ...projection, tenantId: 1 } : undefined).lean()) as
    | (T & { tenantId: unknown })
    | null;
  return doc && String(doc.tenantId) === String(tenantId) ? doc : null;
}
