import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { EKSClient } from '@aws-sdk/client-eks';
import { mockClient } from 'aws-sdk-client-mock';

/** One mock per service for the whole suite; reset before each test so no test sees another's stubs. */
export const guardDutyMock = mockClient(GuardDutyClient);
export const eksMock = mockClient(EKSClient);

export function resetAwsMocks(): void {
  guardDutyMock.reset();
  eksMock.reset();
  // Fake credentials so nothing ever looks for real ones on the developer's machine.
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret-example';
}

export const EXAMPLE_CONFIG = new URL('../../examples/config.json', import.meta.url).pathname;
