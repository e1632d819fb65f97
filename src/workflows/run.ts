import type { Ports } from '../aws/ports.js';

/** What a workflow that calls AWS is given: the regions to work on, the ports to reach them, and Ctrl-C. */
export interface AwsRun {
  regions: string[];
  ports: Ports;
  signal: AbortSignal;
  /**
   * `--regions all`: the regions are every one enabled for the account, not the user's choice, so a region
   * where GuardDuty has no detector is reported as such ("no detector"), not as a failure.
   */
  allRegions?: true;
}
