import { Command, Option } from 'commander';
import type { Ctx } from './commands/context.js';
import { assertFormat, BASIC_FORMATS, resolveGlobals, resolveRetryEnv, type OutputFormat, type RawGlobals } from './domain/globals.js';
import { UsageError } from './errors.js';
import { SHELLS } from './output/completion-shells.js';
import type { Io } from './output/io.js';
import { sanitize } from './text/sanitize.js';
import { VERSION } from './version.js';


/** A command body: receives the context and commander's positional arguments and options, returns an exit code. */
type Runner = (ctx: Ctx, ...args: never[]) => Promise<number>;

export interface ProgramDeps {
  makeIo: (noColor: boolean) => Io;
  signal: AbortSignal;
  onForcedExit: (finish: () => void) => void;
  /** Receives the exit code of the command that ran. */
  setExitCode: (code: number) => void;
  /** Where commander writes help (stdout) and its parse errors (stderr). */
  writeOut: (text: string) => void;
  writeErr: (text: string) => void;
}

/** Marks an option whose values combine (any of them matches); see repeatable(). */
const REPEATABLE = new WeakSet<Option>();

/** A filter that may be given several times: every value is kept, and the help says so. */
function repeatable(flags: string, description: string): Option {
  const option = new Option(flags, `${description} (repeatable)`).argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]);
  REPEATABLE.add(option);
  return option;
}

/** Whether the option keeps every value it is given (see repeatable()). */
export function isRepeatable(option: Option): boolean {
  return REPEATABLE.has(option);
}

/**
 * Every option that takes one value, of every command (global options included), refuses a second one: left to
 * commander, the last would win silently (`--severity high --severity low` meant low). A switch given twice
 * means what it means once. Called once the whole program is built, so a new option is covered without a word.
 */
function refuseRepeatedValues(program: Command): void {
  const walk = (cmd: Command) => {
    for (const option of cmd.options) {
      if (isRepeatable(option) || option.isBoolean() || option.negate) continue;
      const flag = option.long ?? option.short ?? option.name();
      let first: string | undefined;
      cmd.on(`option:${option.name()}`, (value: string) => {
        if (first === undefined) {
          first = value;
          return;
        }
        const hint = flag === '--region' ? ['For several regions, give --regions a comma-separated list, e.g. --regions us-east-1,eu-west-1'] : [];
        throw new UsageError(`${flag} given twice ("${sanitize(first)}", then "${sanitize(value)}"); it takes one value`, hint);
      });
    }
    cmd.commands.forEach(walk);
  };
  walk(program);
}

/**
 * The -o formats each command accepts, as its action declares them (`action(load, { formats })` below): the one
 * list assertFormat checks and shell completion offers. Keyed by action handler, then by the command given it.
 */
const DECLARED_FORMATS = new WeakMap<object, readonly OutputFormat[]>();

/** A commander Command that remembers the formats its action declares, and makes its subcommands the same way. */
class DeclaringCommand extends Command {
  override createCommand(name?: string): Command {
    return new DeclaringCommand(name);
  }
  override action(fn: Parameters<Command['action']>[0]): this {
    const formats = DECLARED_FORMATS.get(fn);
    if (formats) DECLARED_FORMATS.set(this, formats);
    return super.action(fn);
  }
}

/** The -o formats a command accepts; undefined for one with no declared action (a group, help): -o is not checked there. */
export function formatsOf(command: Command): readonly OutputFormat[] | undefined {
  return DECLARED_FORMATS.get(command);
}

/** Formats of the commands that print one table: findings, clusters, costs. */
const TABULAR: readonly OutputFormat[] = ['table', 'json', 'ndjson', 'csv', 'markdown'];

/** `findings list`, as the user typed it: the command and its parents, without the program's name. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

const examples = (lines: string[]) => `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;

/**
 * Commander wiring only. Each action imports its command module on demand, so `--help`, `--version` and
 * `validate` never load the AWS SDK.
 */
export function buildProgram(deps: ProgramDeps): Command {
  const program = new DeclaringCommand('gdeks');
  const action = (load: () => Promise<Runner>, options: { offline?: boolean; formats?: readonly OutputFormat[] } = {}) => {
    const formats = options.formats ?? BASIC_FORMATS;
    const handler = async (...args: unknown[]) => {
      const command = args.at(-1) as Command;
      let globals = resolveGlobals(command.optsWithGlobals<RawGlobals>());
      // Before anything is read or sent: `export-frequency -o csv` is refused naming the formats it has.
      assertFormat(commandPath(command), globals.output, formats);
      if (!options.offline) {
        globals = resolveRetryEnv(globals);
        // A named pipe as a shared file is read first, where a Ctrl-C can abandon it (src/aws/shared-files.ts).
        await (await import('./aws/shared-files.js')).readSharedFilesFromPipes(deps.signal);
        const { assertProfileExists, assertSharedFilesBounded } = await import('./aws/profile.js');
        await assertSharedFilesBounded();
        const profile = globals.profile ?? process.env.AWS_PROFILE;
        if (profile) await assertProfileExists(profile);
      }
      const ctx: Ctx = { globals, io: deps.makeIo(globals.noColor), signal: deps.signal, onForcedExit: deps.onForcedExit };
      const run = await load();
      // commander passes (...positional, options, command); commands take (ctx, ...positional, options).
      deps.setExitCode(await (run as (ctx: Ctx, ...rest: unknown[]) => Promise<number>)(ctx, ...args.slice(0, -1)));
    };
    DECLARED_FORMATS.set(handler, formats);
    return handler;
  };

  // Set before any subcommand exists: commander copies these settings into each subcommand when it is created.
  // exitOverride makes parse errors throw (mapped to exit 2 in src/cli.ts) instead of calling process.exit(1).
  program.exitOverride().configureOutput({ writeOut: deps.writeOut, writeErr: deps.writeErr });
  program
    .description('Turn on and inspect Amazon GuardDuty EKS Protection: EKS audit-log monitoring and EKS runtime monitoring.')
    .version(VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addOption(new Option('--region <region>', 'AWS region (default: AWS_REGION, AWS_DEFAULT_REGION or the profile\'s region)'))
    .addOption(new Option('--regions <list>', 'several regions, comma separated, handled in parallel; `all`: every region enabled for the account (needs account:ListRegions)'))
    .addOption(new Option('--profile <name>', 'named AWS profile (default: AWS_PROFILE)'))
    .addOption(new Option('--endpoint-url <url>', 'send every AWS call to this URL (AWS_ENDPOINT_URL_GUARDDUTY / _EKS / _ACCOUNT also work)'))
    .addOption(
      new Option(
        '-o, --output <format>',
        'table, json or ndjson; also csv (findings list, status, usage) and markdown (findings list, status, usage, enable plans)',
      ).default('table'),
    )
    .addOption(new Option('--no-color', 'no colours (also NO_COLOR); colours appear only on a terminal anyway'))
    .addOption(new Option('--debug', 'log each AWS call attempt (operation, region, HTTP status, duration, attempt, request id) to stderr'))
    .addOption(
      new Option(
        '--max-attempts <n>',
        'attempts per AWS call, retries included, 1-20 (default 8, or AWS_MAX_ATTEMPTS); at most 3 once an attempt gets no answer (timeout, refused connection)',
      ),
    )
    .addOption(new Option('--connect-timeout <seconds>', 'give up connecting after this long (default 10; 3 attempts at most)'))
    .addOption(new Option('--read-timeout <seconds>', 'give up waiting for a response after this long (default 60; 3 attempts at most)'))
    .showHelpAfterError('(run with --help for usage)')
    // Replaced by `gdeks help [command...]` below: commander's own only looks one level deep.
    .helpCommand(false)
    .configureHelp({ showGlobalOptions: true })
    .addHelpText(
      'after',
      examples([
        'gdeks validate examples/config.json',
        'gdeks enable --features examples/config.json --dry-run',
        'gdeks status --regions us-east-1,eu-west-1',
        'gdeks status --regions all --fail-unprotected',
        'gdeks usage',
        'gdeks findings list --severity high -o json',
        'gdeks export-frequency 15m',
      ]) +
        '\nExit codes: 0 ok, 1 AWS or runtime error (any region), 2 bad usage or input (nothing sent to AWS),\n' +
        '3 a --check / --fail-on / --fail-unprotected condition was met, 130 / 143 / 129 interrupted (Ctrl-C / SIGTERM / SIGHUP).\n',
    );

  program
    .command('validate')
    .description('check a features file offline and print the normalized features')
    .argument('<file>', 'features JSON (a path, file://path, or - for stdin)')
    .addHelpText('after', examples(['gdeks validate examples/config.json', 'cat features.json | gdeks validate - -o json']))
    .action(action(async () => (await import('./commands/validate.js')).runValidate, { offline: true }));

  program
    .command('enable')
    .description('create or update the detector so the listed features match the file; shows the plan first')
    // Checked in the command, not by commander, so a misspelt flag is reported as such rather than as "missing --features".
    .option('--features <file>', '(required) features JSON, as `aws guardduty create-detector --features` takes it (path, file://path or -)')
    .option('--frequency <value>', 'also set the findings publishing frequency: 15m, 1h or 6h')
    .option('--dry-run', 'show the plan; make no change')
    .option('--check', 'show the plan; make no change; exit 3 if anything differs (drift detection in CI)')
    .option('--only-listed', 'when creating a detector, turn off the optional features the file does not name (no effect on an existing one)')
    .option('--resume', 're-enable a suspended detector')
    .option('--organization', 'from the delegated administrator: set which member accounts get the file\'s features automatically')
    .option('--auto-enable <level>', 'with --organization: new (default; an existing ALL is kept), all or none')
    .addHelpText(
      'after',
      examples([
        'gdeks enable --features examples/config.json',
        'gdeks enable --features examples/config.json --regions us-east-1,eu-west-1 --dry-run',
        'gdeks enable --features examples/config.json --check   # in CI: exit 3 on drift',
        'gdeks enable --features file://config.json --frequency 15m -o json',
        'gdeks enable --features examples/config.json --organization --auto-enable all --dry-run',
        'gdeks enable --features examples/config.json --check -o markdown >> "$GITHUB_STEP_SUMMARY"',
      ]) +
        '\nFeatures the file does not mention are never switched off on an existing detector.\n' +
        'With --organization, ENABLED in the file becomes the --auto-enable level for member accounts and DISABLED becomes NONE.\n',
    )
    .action(action(async () => (await import('./commands/enable.js')).runEnable, { formats: ['table', 'json', 'ndjson', 'markdown'] }));

  program
    .command('export-frequency')
    .description('set how often updated findings are published to EventBridge and S3')
    .argument('<value>', '15m, 1h or 6h (or FIFTEEN_MINUTES, ONE_HOUR, SIX_HOURS)')
    .option('--dry-run', 'show what would change; make no change')
    .option('--check', 'show what would change; make no change; exit 3 if anything differs (drift detection in CI)')
    .addHelpText(
      'after',
      examples([
        'gdeks export-frequency 15m',
        'gdeks export-frequency 1h --regions us-east-1,eu-west-1 -o json',
        'gdeks export-frequency 15m --check   # in CI: exit 3 if a region publishes at another frequency',
      ]),
    )
    .action(action(async () => (await import('./commands/export-frequency.js')).runExportFrequency));

  program
    .command('export-destination')
    .description('export findings to an S3 bucket: create or update the detector\'s publishing destination and show its status')
    .argument('<type>', 's3 (the only destination type GuardDuty offers)')
    .option('--bucket-arn <arn>', '(required) arn:aws:s3:::bucket or arn:aws:s3:::bucket/prefix (the prefix folder must exist)')
    .option('--kms-key-arn <arn>', '(required) arn:aws:kms:region:account:key/id, in the bucket\'s region; GuardDuty encrypts the export with it')
    .option('--dry-run', 'show what would change; make no change')
    .option('--check', 'show what would change; make no change; exit 3 if anything differs')
    .addHelpText(
      'after',
      examples([
        'gdeks export-destination s3 --bucket-arn arn:aws:s3:::findings-bucket/guardduty --kms-key-arn arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        'gdeks export-destination s3 --bucket-arn arn:aws:s3:::findings-bucket --kms-key-arn KEY_ARN --regions us-east-1,eu-west-1 --dry-run',
      ]) + '\nThe publishing frequency (gdeks export-frequency) also governs how often updated findings reach the bucket.\n',
    )
    .action(action(async () => (await import('./commands/export-destination.js')).runExportDestination));

  program
    .command('status')
    .description('detector, EKS features, and each EKS cluster\'s protection and add-on health')
    .addOption(repeatable('--cluster <name>', 'only this cluster'))
    .option('--fail-unprotected', 'exit 3 if a cluster is not fully protected or a region with clusters lacks audit-log monitoring')
    .option('--organization', 'from the delegated administrator: every member account\'s EKS protection (with --fail-unprotected: exit 3 if a member is not fully protected)')
    .addOption(
      repeatable(
        '--verdict <list>',
        'with --organization: list only members with these verdicts (protected, degraded, not-protected, unknown; comma-separated); the summary counts all',
      ),
    )
    .addHelpText(
      'after',
      examples([
        'gdeks status',
        'gdeks status --regions us-east-1,eu-west-1 -o json',
        'gdeks status --cluster prod --fail-unprotected   # in CI: exit 3 unless fully protected',
        'gdeks status --organization --verdict degraded,not-protected -o json',
        'gdeks status -o markdown >> "$GITHUB_STEP_SUMMARY"',
        'gdeks status --regions us-east-1,eu-west-1 -o csv > clusters.csv',
      ]) +
        '\nVerdicts (as in the table and -o json): protected, degraded (partly covered or unhealthy), not-protected,\n' +
        'excluded (tagged GuardDutyManaged=false), not-applicable (Fargate: runtime monitoring does not apply),\n' +
        'unknown (could not be read).\n' +
        'Reads guardduty:ListDetectors, GetDetector, ListCoverage and eks:ListClusters, DescribeAddon, and, for\n' +
        'clusters without full coverage, eks:DescribeCluster, ListFargateProfiles, ListNodegroups.\n',
    )
    .action(action(async () => (await import('./commands/status.js')).runStatus, { formats: TABULAR }));

  program
    .command('usage')
    .description('what EKS Protection cost over the last 30 days: per EKS feature, per cluster beside its protection verdict, free-trial days, a monthly estimate')
    .option('--organization', 'from the delegated administrator: every account\'s cost, largest EKS cost first')
    .addHelpText(
      'after',
      examples([
        'gdeks usage',
        'gdeks usage --regions us-east-1,eu-west-1 -o json',
        'gdeks usage --organization --region us-east-1',
        'gdeks usage -o ndjson | jq -r \'.clusters[]? | select(.attention) | .name\'',
        'gdeks usage --regions us-east-1,eu-west-1 -o csv > eks-costs.csv',
      ]) +
        '\nCosts are GuardDuty\'s own figures (GetUsageStatistics: the last 30 days, in USD), printed exactly as it\n' +
        'sends them; sums are exact. EKS runtime usage is reported as EKS_RUNTIME_MONITORING whichever runtime\n' +
        'feature (RUNTIME_MONITORING or EKS_RUNTIME_MONITORING) is on. A detector younger than 30 days has fewer\n' +
        'days of cost: the estimate per 30 days scales them up and says from how many days. A cluster that costs\n' +
        'money while runtime monitoring does not fully cover it is marked ("paying for 0 of 4 nodes").\n' +
        'Reads guardduty:ListDetectors, GetDetector, GetUsageStatistics, GetRemainingFreeTrialDays, and what\n' +
        '`gdeks status` reads for the verdicts; with --organization: DescribeOrganizationConfiguration, ListMembers.\n',
    )
    .action(action(async () => (await import('./commands/usage.js')).runUsage, { formats: TABULAR }));

  const findings = program.command('findings').description('list, watch, inspect, sample and archive EKS findings');
  // The filters of `findings list`, which `findings watch` takes too (src/domain/findings-criteria.ts reads them).
  const findingsFilters = (c: Command) =>
    c
      .option('--severity <level>', 'low, medium, high, critical, or a score 1-10: that level or above')
      .addOption(repeatable('--cluster <name>', 'only this cluster'))
      .addOption(repeatable('--namespace <ns>', 'only this Kubernetes namespace'))
      .addOption(repeatable('--type <prefix>', 'finding type or prefix, e.g. PrivilegeEscalation:Kubernetes (or as the table shows it: PrivEsc, PrivEsc:…/PrivilegedContainer)'))
      .option('--since <when>', 'updated since a duration (24h, 7d) or an ISO time (2026-11-01)');
  const findingsScope = (c: Command) =>
    c
      .option('--archived', 'include archived findings')
      .option('--exclude-samples', 'leave out sample findings (gdeks findings sample); otherwise they are listed, and count toward --fail-on');
  findingsScope(
    findingsFilters(findings.command('list').description('EKS findings (audit-log and runtime): most severe first, then newest, then by finding id'))
      .option('--limit <n>', 'only the first n findings of that order (per region)')
      .option('--sort <key>', 'severity (most severe, then newest) or updated (newest, then most severe)', 'severity'),
  )
    .option('--fail-on <level>', 'exit 3 if any listed finding (samples too) is at or above this severity: a name or a score 1-10')
    .addHelpText(
      'after',
      examples([
        'gdeks findings list --severity high',
        'gdeks findings list --cluster prod --since 24h -o json | jq ".[].Type"',
        'gdeks findings list -o ndjson --fail-on critical',
        'gdeks findings list --severity 7 --fail-on 9',
        'gdeks findings list --regions us-east-1,eu-west-1 -o csv > findings.csv',
        'gdeks findings list --severity high -o markdown >> "$GITHUB_STEP_SUMMARY"',
      ]) +
        '\nOne order for every format, with or without --limit: by --sort, then the other key, then finding id.\n' +
        'With --regions, the table, csv and markdown are one list sorted across the regions, with a REGION column;\n' +
        'json and ndjson give one region after another in the order given, each in that order. --limit applies to each region.\n',
    )
    .action(action(async () => (await import('./commands/findings-list.js')).runFindingsList, { formats: TABULAR }));
  findingsScope(
    findingsFilters(
      findings.command('watch').description('follow new and updated EKS findings as they arrive (polls ListFindings on updatedAt), until Ctrl-C, --for or --fail-on'),
    ),
  )
    .option('--fail-on <level>', 'stop at the first finding (samples too) at or above this severity, after printing it, and exit 3: a name or a score 1-10')
    .option('--interval <duration>', 'time between polls of each region: 30s, 5m, ... (at least 1s; default 60s)')
    .option('--for <duration>', 'stop after this long (15m, 1h; at least 1s) and exit 0, or 1 if a region failed')
    .option('--overlap <duration>', 'how far behind the newest update seen each poll asks again, for findings GuardDuty lists late (default 5m; what the watch remembers to print each state once)')
    // findings list's options that do not apply: refused with the reason (src/domain/watch-flags.ts).
    .addOption(new Option('--limit <n>').hideHelp())
    .addOption(new Option('--sort <key>').hideHelp())
    .addHelpText(
      'after',
      examples([
        'gdeks findings watch',
        'gdeks findings watch --severity high --regions us-east-1,eu-west-1',
        'gdeks findings watch --cluster prod --for 15m --fail-on high --interval 30s',
        'gdeks findings watch --since 1h -o ndjson | jq -c "{Id, Type, Severity}"',
      ]) +
        '\nStarts with the findings updated after it starts (with --since: first those updated in that window),\n' +
        'then prints each new finding and each later state of one (a higher count, a newer update) once, as it\n' +
        'arrives: table rows with a STATE column (new / updated), or with -o json / ndjson the finding as\n' +
        '`findings list` prints it (a finding printed again is an update: same Id, newer UpdatedAt or Count).\n' +
        '-o json streams one array, closed however the watch stops. Not offered: --limit and --sort (a watch\n' +
        'has no last finding, and prints findings as they change, each poll\'s newest first).\n' +
        'Regions are polled in parallel. Throttling, 5xx answers and network errors are retried with growing\n' +
        'waits (said on stderr); any other error (access denied, no detector) is reported once and that region is\n' +
        'no longer watched. Exit: 3 if --fail-on matched; else 1 if a region failed (at once when every region\n' +
        'has); else 0 when --for runs out; 130 / 143 on Ctrl-C / SIGTERM.\n',
    )
    .action(action(async () => (await import('./commands/findings-watch.js')).runFindingsWatch));
  // How `findings show|archive|unarchive` take their ids; the README's findings section says the same.
  const idsHelp =
    '\nEach id may be a full finding id, its first 4 or more characters (resolved by listing the finding ids of the\n' +
    'region(s); ambiguous: exit 2 naming candidates; no match: exit 1), or the finding ARN (its region is used,\n' +
    'whatever --region says). "-" reads ids or ARNs from stdin, separated by spaces or newlines.\n';
  findings
    .command('show')
    .description('findings in full: resource, actor, action, process and timeline')
    .argument('<id...>', 'finding ids, unique id prefixes or finding ARNs; - reads them from stdin')
    .addHelpText(
      'after',
      examples([
        'gdeks findings show 8ac7e1f0a2b34c5d6e7f8091a2b3c4d5',
        'gdeks findings show 8ac7e1f0 --regions all',
        'gdeks findings show arn:aws:guardduty:eu-west-1:111122223333:detector/12abc34d5e6f7a8b9c0d1e2f3a4b5c6d/finding/8ac7e1f0a2b34c5d6e7f8091a2b3c4d5',
      ]) +
        idsHelp +
        'With one argument -o json prints the finding object; with several (or -) an array, in the order given.\n',
    )
    .action(action(async () => (await import('./commands/findings-show.js')).runFindingsShow));
  findings
    .command('sample')
    .description('create sample EKS findings, to test an alerting pipeline')
    .addOption(repeatable('--type <type>', 'finding type (default: every EKS type)'))
    .action(action(async () => (await import('./commands/findings-sample.js')).runFindingsSample));
  findings
    .command('archive')
    .description('archive findings: by id, or every sample finding (--samples)')
    .argument('[id...]', 'finding ids, unique id prefixes or finding ARNs; - reads them from stdin')
    .option('--samples', 'archive every unarchived sample finding (they count toward --fail-on for 90 days otherwise)')
    .option('--dry-run', 'show what would be archived (and what already is, or is not found); archive nothing')
    .addHelpText(
      'after',
      examples([
        'gdeks findings archive 8ac7e1f0a2b34c5d6e7f8091a2b3c4d5 3f09',
        "gdeks findings list --regions all --type Discovery -o json | jq -r '.[].Arn' | gdeks findings archive - --dry-run",
        'gdeks findings archive --samples --dry-run',
      ]) + idsHelp,
    )
    .action(action(async () => (await import('./commands/findings-archive.js')).runFindingsArchive));
  findings
    .command('unarchive')
    .description('restore archived findings')
    .argument('<id...>', 'finding ids, unique id prefixes or finding ARNs; - reads them from stdin')
    .option('--dry-run', 'show what would be restored (and what is not archived, or not found); change nothing')
    .addHelpText('after', examples(['gdeks findings unarchive 8ac7e1f0', "gdeks findings list --archived -o json | jq -r '.[].Arn' | gdeks findings unarchive -"]) + idsHelp)
    .action(action(async () => (await import('./commands/findings-archive.js')).runFindingsUnarchive));

  const suppress = program.command('suppress').description('suppression rules (GuardDuty filters that archive new matching findings), with their blast radius first');
  // The findings list filter words, repeatable alike, then what EKS rules need.
  const selectorOptions = (c: Command) =>
    c
      .addOption(repeatable('--type <prefix>', 'finding type or prefix, e.g. Execution:Runtime/MaliciousFile'))
      .addOption(repeatable('--cluster <name>', 'only this cluster'))
      .addOption(repeatable('--namespace <ns>', 'only this Kubernetes namespace'))
      .option('--severity <level>', 'low, medium, high, critical, or a score 1-10: that level or above')
      .option('--image <image>', 'container image; * is a wildcard (e.g. \'*/trivy:*\')')
      .option('--user <name>', 'Kubernetes user who made the call, e.g. system:serviceaccount:ci:runner; * is a wildcard')
      .option('--service-account <name>', 'the workload\'s Kubernetes service account; * is a wildcard')
      .option('--pod <name>', 'workload (pod) name, or a prefix with * (e.g. \'scanner-*\')');
  selectorOptions(suppress.command('add'))
    .description('create or update a suppression rule; shows the plan and what it would have hidden (last 90 days) first')
    .argument('<name>', 'rule name: 3-64 letters, digits, ".", "_" or "-"')
    .option('--description <text>', 'what the rule is for (shown in the console)')
    .option('--rank <n>', 'position among the filters, 1-100 (default: keep, or last for a new rule)')
    .option('--action <action>', 'archive (default: a suppression rule) or noop (only saves the view)')
    .option('--archive-existing', 'also archive the findings that match today, after the rule exists')
    .option('--dry-run', 'show the plan and blast radius; make no change')
    .option('--check', 'show the plan; make no change; exit 3 if the rule differs (drift detection in CI)')
    .addHelpText(
      'after',
      examples([
        'gdeks suppress add eicar-test --type Execution:Runtime/MaliciousFile --namespace security-tests --dry-run',
        "gdeks suppress add ci-runner-exec --type Execution:Kubernetes/ExecInKubeSystemPod --user system:serviceaccount:ci:runner",
        "gdeks suppress add scanner --pod 'trivy-*' --cluster prod --description 'trivy DaemonSet' --archive-existing",
      ]) +
        '\nA suppression rule archives NEW matching findings: they never reach EventBridge, S3 or Security Hub.\n' +
        'Only the GuardDuty administrator account can manage them; GuardDuty allows 100 filters per account and region.\n',
    )
    .action(action(async () => (await import('./commands/suppress-add.js')).runSuppressAdd));

  suppress
    .command('list')
    .description("the detector's filters in rank order: action, criteria in gdeks' words, and with --matches what each matches now")
    .option('--matches', 'also count the unarchived findings each filter matches now (by severity)')
    .addHelpText('after', examples(['gdeks suppress list', 'gdeks suppress list --matches --regions us-east-1,eu-west-1 -o json']))
    .action(action(async () => (await import('./commands/suppress-list.js')).runSuppressList));

  suppress
    .command('remove')
    .description('delete a filter (suppression rule or saved view); new findings it matched are no longer archived')
    .argument('<name>', 'the filter name (gdeks suppress list)')
    .option('--dry-run', 'show what would be deleted; make no change')
    .option('--check', 'make no change; exit 3 if the filter exists')
    .addHelpText('after', examples(['gdeks suppress remove eicar-test --dry-run', 'gdeks suppress remove eicar-test --regions us-east-1,eu-west-1']))
    .action(action(async () => (await import('./commands/suppress-remove.js')).runSuppressRemove));

  suppress
    .command('apply')
    .description('rules as code: create or update every rule of a JSON file (reviewed in a pull request); the whole plan and blast radius first')
    .option('--file <file>', '(required) JSON array of rules (path, file://path or -), e.g. [{"name": "eicar-test", "match": {"type": "Execution:Runtime/MaliciousFile"}}]')
    .option('--prune', 'also delete the ARCHIVE filters the file does not name (saved views are kept)')
    .option('--archive-existing', 'also archive the findings each ARCHIVE rule matches today, after that rule is written')
    .option('--dry-run', 'show the plan and blast radius; make no change')
    .option('--check', 'show the plan; make no change; exit 3 if anything differs (drift detection in CI)')
    .addHelpText(
      'after',
      examples(['gdeks suppress apply --file rules.json --dry-run', 'gdeks suppress apply --file rules.json --prune --check   # in CI']) +
        '\nEach rule: { "name", "description"?, "action"? (archive | noop), "rank"? (1-100), "match": { "type", "cluster",\n' +
        '"namespace", "severity", "image", "user", "serviceAccount", "pod" } }: the flags of gdeks suppress add.\n',
    )
    .action(action(async () => (await import('./commands/suppress-apply.js')).runSuppressApply));

  program
    .command('completion')
    .description(`print a shell completion script (${SHELLS.join(', ')}), generated from these commands and options`)
    // Optional to commander so that a missing shell is gdeks' usage error, which names the shells.
    .argument('[shell]', SHELLS.join(', '))
    .addHelpText(
      'after',
      examples([
        'source <(gdeks completion bash)   # this shell; or save it in bash-completion\'s directory:',
        'gdeks completion bash > ~/.local/share/bash-completion/completions/gdeks',
        'gdeks completion zsh > "${fpath[1]}/_gdeks"   # then start a new shell',
        'gdeks completion fish > ~/.config/fish/completions/gdeks.fish',
      ]),
    )
    .action(
      action(
        async () => {
          const { runCompletion } = await import('./commands/completion.js');
          return (ctx: Ctx, shell: string | undefined) => runCompletion(ctx, shell, program, { isRepeatable, formatsOf });
        },
        { offline: true },
      ),
    );

  program
    .command('help')
    .description('show help for a command')
    .argument('[command...]', 'the command, e.g. findings list')
    .action(async (names: string[]) => (await import('./commands/help.js')).showHelp(program, names));

  refuseRepeatedValues(program);
  return program;
}
