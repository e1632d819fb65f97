import type { Ports } from '../aws/ports.js';

/** What a workflow that calls AWS is given: the regions to work on, the ports to reach them, and Ctrl-C. */
export interface AwsRun {
  regions: string[];
  ports: Ports;
  signal: AbortSignal;
}
