import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type ExtractInput, extractCase, parseEml } from '@iapm/runtime';
import { issuesOf, printIssues } from './domain-output.ts';
import type { CliIo } from './main.ts';

/**
 * `iapm extract FILE(.eml|.txt) [--received ISO] [--json]`: what the built-in extractor reads in a letter or an
 * email. An .eml is parsed as MIME (its Date header is the received date); for a .txt, `--received` gives the
 * reference for relative dates ("hier").
 */
export async function extractCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      received: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const file = positionals[0];
  if (positionals.length !== 1 || !file) {
    io.err('usage: iapm extract FILE(.eml|.txt) [--received ISO] [--json]\n');
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    io.err(`iapm extract: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    let input: ExtractInput;
    let attachments: string[] = [];
    if (file.toLowerCase().endsWith('.eml')) {
      const mail = await parseEml(bytes);
      input = {
        text: mail.text,
        ...(mail.subject ? { subject: mail.subject } : {}),
        ...(mail.from ? { from: mail.from } : {}),
        ...((values.received ?? mail.date) ? { receivedAt: values.received ?? (mail.date as string) } : {}),
      };
      attachments = mail.attachments.map((a) => `${a.filename ?? '(sans nom)'} (${a.contentType}, ${a.size} o)`);
    } else {
      input = { text: bytes.toString('utf8'), ...(values.received ? { receivedAt: values.received } : {}) };
    }
    const result = extractCase(input);
    if (values.json) {
      io.out(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    const list = (items: string[]) => (items.length > 0 ? items.join(', ') : '—');
    io.out(`Procédure : ${result.procedureType} (confiance ${result.fields.procedureType.confidence})\n`);
    io.out(`Situation : ${result.situation ?? '—'}\n`);
    io.out(`Date de la décision : ${result.decisionDate ?? '—'}\n`);
    io.out(
      `Date de notification : ${result.notificationDate ?? '—'}${result.notificationHow ? ` (${result.notificationHow})` : ''}\n`,
    );
    io.out(
      `Numéros de suivi : ${list(result.trackingNumbers.map((t) => `${t.number} [${t.carrier}${t.valid ? '' : ', clé invalide'}]`))}\n`,
    );
    io.out(`Téléphones : ${list(result.phones)}\n`);
    io.out(`E-mails : ${list(result.emails)}\n`);
    io.out(`Personnes : ${list(result.people.map((p) => `${p.name} (${p.role})`))}\n`);
    io.out(`Numéros AGDREF : ${list(result.agdrefNumbers)}\n`);
    if (attachments.length > 0) io.out(`Pièces jointes : ${attachments.join(', ')}\n`);
    io.out(`Confiance : ${result.confidence}\n`);
    return 0;
  } catch (error) {
    const issues = issuesOf(error);
    if (issues) return printIssues(io, 'extract', issues);
    throw error;
  }
}
