/** `gdeks enable`'s options, as commander hands them to src/commands/enable.ts and enable-organization.ts. */
export interface EnableFlags {
  features?: string;
  frequency?: string;
  dryRun?: boolean;
  check?: boolean;
  onlyListed?: boolean;
  resume?: boolean;
  organization?: boolean;
  autoEnable?: string;
}
