// The floor for `enable --dry-run`'s start-up: the reads it makes (ListDetectors, then GetDetector and
// GetAdministratorAccount at once), made by the bare @aws-sdk/client-guardduty as its documentation shows it, with
// nothing of gdeks. Region, endpoint and credentials come from the environment, as for gdeks (AWS_REGION,
// AWS_ENDPOINT_URL_GUARDDUTY, AWS_ACCESS_KEY_ID...). Node 22.1 and later keep its compiled code as gdeks does.
import module from 'node:module';

module.enableCompileCache?.();
const { GuardDutyClient, GetAdministratorAccountCommand, GetDetectorCommand, ListDetectorsCommand } = await import('@aws-sdk/client-guardduty');
const client = new GuardDutyClient({});
const { DetectorIds = [] } = await client.send(new ListDetectorsCommand({}));
const DetectorId = DetectorIds[0];
if (!DetectorId) throw new Error('no detector');
const [detector] = await Promise.all([client.send(new GetDetectorCommand({ DetectorId })), client.send(new GetAdministratorAccountCommand({ DetectorId }))]);
process.stdout.write(`${detector.Status}\n`);
