export { type EmlAttachment, MAX_EML_BYTES, type ParsedEml, parseEml } from './eml.ts';
