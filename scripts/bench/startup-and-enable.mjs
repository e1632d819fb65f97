// Part 1 figures: start-up-only commands against bare `node -e 0`, and `enable --dry-run` against a local
// endpoint (moto) versus `aws guardduty get-detector` on the same endpoint and the HTTP round-trip floor.
import { BIN, benchEnv, fmt, hasCommand, ratio, runOnce, startMoto, timeCommand, timeInterleaved } from './lib.mjs';
import { join } from 'node:path';

export const title = 'start-up and enable';

export async function run(report) {
  const node = process.execPath;
  const example = join(BIN, '../../examples/config.json');
  const [bare, version, help, validate] = timeInterleaved([
    { cmd: node, args: ['-e', '0'] },
    { cmd: node, args: [BIN, '--version'] },
    { cmd: node, args: [BIN, '--help'] },
    { cmd: node, args: [BIN, 'validate', example], check: (r) => assertOk(r, 'validate') },
  ]);
  report('node -e 0', fmt(bare.median), 'baseline');
  report('gdeks --version', fmt(version.median), `${ratio(version.median, bare.median)} node (target ≤ 1.2×)`);
  report('gdeks --help', fmt(help.median), `${ratio(help.median, bare.median)} node`);
  report('gdeks validate examples/config.json', fmt(validate.median), `${ratio(validate.median, bare.median)} node (target ≤ 1.5×)`);

  const moto = await startMoto();
  if (!moto) {
    report('enable --dry-run', 'skipped', 'python3 with moto is not installed');
    return;
  }
  try {
    const env = benchEnv({ AWS_REGION: 'us-east-1' });
    const created = runOnce(node, [BIN, 'enable', '--features', example, '--endpoint-url', moto.url, '-o', 'json'], { env });
    assertOk(created, 'enable');
    const detectorId = JSON.parse(created.stdout).results[0].detectorId;
    // The bare SDK making the same reads (scripts/bench/lib-bare-sdk.mjs), in rotation with gdeks: what any
    // program built on @aws-sdk/client-guardduty pays before and around these calls.
    const [enable, bareSdk] = timeInterleaved(
      [
        { cmd: node, args: [BIN, 'enable', '--features', example, '--dry-run', '--endpoint-url', moto.url], env, check: (r) => assertOk(r, 'enable --dry-run') },
        { cmd: node, args: [join(BIN, '../../scripts/bench/lib-bare-sdk.mjs')], env: { ...env, AWS_ENDPOINT_URL_GUARDDUTY: moto.url }, check: (r) => assertOk(r, 'the bare SDK') },
      ],
      { runs: 9 },
    );
    // The floor: the same two sequential calls enable makes (ListDetectors, GetDetector) over keep-alive HTTP.
    const floor = await roundTripFloor(moto.url, detectorId);
    report('round-trip floor (ListDetectors + GetDetector)', fmt(floor), 'in-process fetch, 2 sequential requests');
    report('gdeks enable --dry-run (moto)', fmt(enable.median), `floor + ${fmt(enable.median - floor)} start-up: ${ratio(enable.median - floor, bare.median)} node (target ≤ 1.5×)`);
    report(
      'bare SDK, the same reads (moto)',
      fmt(bareSdk.median),
      `floor + ${fmt(bareSdk.median - floor)}: ${ratio(bareSdk.median - floor, bare.median)} node; gdeks takes ${ratio(enable.median, bareSdk.median)} its time`,
    );
    if (hasCommand('aws')) {
      const aws = timeCommand('aws', ['guardduty', 'get-detector', '--detector-id', detectorId, '--endpoint-url', moto.url, '--region', 'us-east-1'], {
        env,
        runs: 5,
        check: (r) => assertOk(r, 'aws guardduty get-detector'),
      });
      report('aws guardduty get-detector (moto)', fmt(aws.median), `gdeks enable --dry-run is ${ratio(aws.median, enable.median)} faster (target ≥ 3×)`);
    } else {
      report('aws guardduty get-detector', 'skipped', 'the AWS CLI is not installed');
    }
  } finally {
    moto.stop();
  }
}

function assertOk(r, what) {
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
}

async function roundTripFloor(url, detectorId) {
  const once = async () => {
    const t = performance.now();
    await (await fetch(`${url}/detector`, { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKIDBENCH/20260101/us-east-1/guardduty/aws4_request' } })).text();
    await (await fetch(`${url}/detector/${detectorId}`, { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKIDBENCH/20260101/us-east-1/guardduty/aws4_request' } })).text();
    return performance.now() - t;
  };
  await once();
  const samples = [];
  for (let i = 0; i < 9; i++) samples.push(await once());
  samples.sort((a, b) => a - b);
  return samples[4];
}
