import { Eks } from './eks.js';
import { GuardDuty } from './guardduty.js';
import type { Ports } from './ports.js';
import type { AwsSettings } from './settings.js';

/** The real ports: one client per service and region, all built from the run's settings. */
export function openPorts(settings: AwsSettings, signal: AbortSignal): Ports {
  return {
    guardDuty: (region) => GuardDuty.open(settings, region, signal),
    eks: (region) => Eks.open(settings, region, signal),
  };
}
