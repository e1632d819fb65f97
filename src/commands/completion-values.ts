import type { Command } from 'commander';
import { DESTINATION_TYPES } from '../domain/destination-plan.js';
import { SORT_KEYS } from '../domain/findings-criteria.js';
import { shortFrequencies } from '../domain/frequency.js';
import { OUTPUT_FORMATS } from '../domain/globals.js';
import { AUTO_ENABLE_LEVELS } from '../domain/org-plan.js';
import { ALL_REGIONS } from '../domain/regions.js';
import { MEMBER_VERDICTS } from '../domain/org-status.js';
import { SEVERITY_NAMES } from '../domain/severity.js';
import { RULE_ACTIONS } from '../domain/suppress-rule.js';
import { SHELLS } from '../output/completion-shells.js';

const lower = (words: readonly string[]) => words.map((w) => w.toLowerCase());

/**
 * The words a shell completes for option values that commander takes as free text (gdeks parses them itself:
 * case-insensitive, some accept a score or an API name too), by flag, in every command that has the flag. Each
 * list is the one the value is checked against, so a new format or level appears in the scripts by itself. An
 * option defined with commander's `.choices()` needs no entry.
 */
export const OPTION_VALUES: Readonly<Record<string, readonly string[]>> = {
  '--output': OUTPUT_FORMATS,
  '--severity': SEVERITY_NAMES,
  '--fail-on': SEVERITY_NAMES,
  '--sort': SORT_KEYS,
  '--auto-enable': lower(AUTO_ENABLE_LEVELS),
  '--action': lower(RULE_ACTIONS),
  '--frequency': shortFrequencies(),
  '--verdict': MEMBER_VERDICTS,
  // Region names are the account's to know; `all` asks it (Account ListRegions).
  '--regions': [ALL_REGIONS],
};

/** The same for positional arguments, by command path and argument name (`export-frequency value`). */
export function argumentValues(program: Command): Readonly<Record<string, readonly string[]>> {
  return {
    'export-frequency value': shortFrequencies(),
    'export-destination type': DESTINATION_TYPES,
    'completion shell': SHELLS,
    // `gdeks help <command>`: the program's own commands.
    'help command': program.commands.map((c) => c.name()).filter((n) => n !== 'help'),
  };
}
