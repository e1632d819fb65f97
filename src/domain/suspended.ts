/**
 * A suspended detector (GetDetector `Status: DISABLED`) monitors nothing and generates no new findings, so every
 * writing command counts it as drift: the plan shows this change, `--check` exits 3, and a write that cannot
 * resume it does not end in success.
 */
export const RESUME_CHANGE: Readonly<{ target: string; from: string | null; to: string }> = { target: 'Status', from: 'SUSPENDED', to: 'ENABLED' };

export function isSuspended(status: string | undefined): boolean {
  return status === 'DISABLED';
}

/** The note a plan carries (and `findings list` prints): `how` says how to resume the detector. */
export function suspendedNote(detectorId: string, how: string): string {
  return `Detector ${detectorId} is suspended: it monitors nothing and generates no new findings; ${how}.`;
}

/** The detector is still suspended after the run: `how` says how to resume it (a command or a flag). */
export function suspendedError(region: string, detectorId: string, how: string): { code: string; message: string } {
  return {
    code: 'DetectorSuspended',
    message: `${region}: detector ${detectorId} is suspended: it monitors nothing and generates no new findings; ${how}`,
  };
}

/** What a command that cannot resume the detector itself tells the user to run. */
export const RESUME_WITH_ENABLE = 'resume it with `gdeks enable --features <file> --resume`';
