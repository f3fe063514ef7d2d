/**
 * Case extraction from French emails and letters: dates, procedure and situation, tracking numbers, contacts,
 * people, AGDREF numbers. Pure.
 */
export { findAgdrefNumbers, findEmails, findPhones } from './contacts.ts';
export { classifyDates, type DateMention, type DateRole, findDates, pickDates } from './dates.ts';
export {
  type ExtractedCase,
  type ExtractedField,
  type ExtractedTrackingNumber,
  type ExtractInput,
  extractCase,
} from './extract.ts';
export { findPeople, type Person, type PersonRole } from './people.ts';
export { classifyProcedure, classifySituation } from './procedure.ts';
export { MAX_TEXT_LENGTH, prepareText } from './text.ts';
export { type Carrier, findTrackingNumbers, isValidS10, s10CheckDigit, type TrackingNumber } from './tracking.ts';
