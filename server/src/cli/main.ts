import { apikeyCommand } from './apikey.command.ts';
import { auditCommand } from './audit.command.ts';
import { catalogCommand } from './catalog.command.ts';
import { deadlineCommand } from './deadline.command.ts';
import { extractCommand } from './extract.command.ts';
import { presetsCommand } from './presets.command.ts';
import { rulesCommand } from './rules.command.ts';
import { runCommand } from './run.command.ts';
import { tenantCommand } from './tenant.command.ts';
import { validateCommand } from './validate.command.ts';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const defaultIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

const HELP = `iapm — IA Poste Manager Workflow Studio

Usage:
  iapm validate FILE... [--json] [--lang fr|en] [--schema workflow|workflow-config|event]
  iapm catalog [--json]
  iapm run WORKFLOW.json --event EVENT.json [--scenario SCENARIO.json] [--at ISO]
           [--decide NODE_ID=APPROVED|REJECTED|MODIFIED_APPROVED]... [--default-decision APPROVED|REJECTED] [--json]
  iapm presets [--json] [--check]
  iapm tenant create --name NAME --admin-email EMAIL [--admin-password PW] [--json]
  iapm apikey create --tenant ID [--name NAME] [--json]
  iapm audit verify [--tenant ID] [--json]
  iapm deadline --rule RULE_ID --notified ISO_DATETIME [--decision-date DATE]
           [--mode hand|lrar-delivered|lrar-collected|lrar-unclaimed|electronic] [--json]   (iapm deadline --help)
  iapm rules [--json]
  iapm extract FILE(.eml|.txt) [--received ISO] [--json]
  iapm help
`;

/** Runs one CLI command and returns its exit code (0 success, 1 problems found, 2 usage error). */
export async function runCli(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'validate':
        return await validateCommand(rest, io);
      case 'catalog':
        return catalogCommand(rest, io);
      case 'run':
        return await runCommand(rest, io);
      case 'tenant':
        return await tenantCommand(rest, io);
      case 'apikey':
        return await apikeyCommand(rest, io);
      case 'audit':
        return await auditCommand(rest, io);
      case 'deadline':
        return deadlineCommand(rest, io);
      case 'rules':
        return rulesCommand(rest, io);
      case 'presets':
        return presetsCommand(rest, io);
      case 'extract':
        return await extractCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(HELP);
        return command === undefined ? 2 : 0;
      default:
        io.err(`iapm: unknown command "${command}"\n\n${HELP}`);
        return 2;
    }
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`iapm: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
}
