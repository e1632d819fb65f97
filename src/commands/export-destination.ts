import { bucketArnProblems, DESTINATION_TYPES, kmsKeyArnProblems } from '../domain/destination-plan.js';
import { exportDestinationInRegion } from '../workflows/export-destination.js';
import { writeMode } from '../domain/write-result.js';
import { renderDestinationResultsText } from '../output/destination-results.js';
import type { Ctx } from './context.js';
import { InputProblems } from './input-problems.js';
import { runWriteCommand } from './write-command.js';

export interface ExportDestinationFlags {
  bucketArn?: string;
  kmsKeyArn?: string;
  dryRun?: boolean;
  check?: boolean;
}

/**
 * `gdeks export-destination s3 --bucket-arn <arn> --kms-key-arn <arn>`: where GuardDuty exports findings.
 * Both ARNs are checked (every problem at once) before any AWS call.
 */
export async function runExportDestination(ctx: Ctx, type: string, flags: ExportDestinationFlags): Promise<number> {
  const input = new InputProblems();
  if (!(DESTINATION_TYPES as readonly string[]).includes(type.toLowerCase())) input.add(`destination type "${type}": GuardDuty exports findings only to S3; use \`export-destination s3\``);
  if (flags.bucketArn === undefined) input.add('--bucket-arn <arn> is required, e.g. arn:aws:s3:::my-findings-bucket/guardduty');
  else for (const p of bucketArnProblems(flags.bucketArn)) input.add(p);
  // GuardDuty requires an encrypted export: the key is not optional.
  if (flags.kmsKeyArn === undefined) input.add('--kms-key-arn <arn> is required (GuardDuty encrypts exported findings), e.g. arn:aws:kms:us-east-1:111122223333:key/...');
  else for (const p of kmsKeyArnProblems(flags.kmsKeyArn)) input.add(p);
  input.throwIfAny();
  const desired = { destinationArn: flags.bucketArn as string, kmsKeyArn: flags.kmsKeyArn as string };
  const mode = writeMode(flags);
  return runWriteCommand(ctx, mode, (gd) => exportDestinationInRegion(gd, desired, mode !== 'apply'), renderDestinationResultsText, {
    failed: (base) => ({ ...base, destination: null }),
  });
}
