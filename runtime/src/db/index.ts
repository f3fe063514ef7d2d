export { type ClaimRecord, claimOnce, completeClaim, readClaim, releaseClaim } from './claims.ts';
export { CoalescedRead } from './coalesced-read.ts';
export { type DatabaseHandle, type DbFile, readLiveDbFile, resolveDatabase } from './embedded-db.ts';
export { bumpFirmGeneration, FIRM_GENERATIONS, firmGeneration, readFirmGeneration } from './firm-generation.ts';
export { type DocOf, ensureIndexes, getModels, type ModelName, type Models, TENANT_SCOPED } from './models/index.ts';
export { onWorkspaceChange, type WorkspaceChange, type WorkspaceChangeListener } from './workspace-changes.ts';
