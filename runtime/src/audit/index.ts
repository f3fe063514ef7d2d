export {
  type AuditActor,
  type AuditAppend,
  type AuditRecord,
  type AuditVerification,
  appendAudit,
  stateHash,
  verifyAuditChain,
} from './audit-log.ts';
