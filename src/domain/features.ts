/**
 * Detector features, declared once. The field names are the SDK's (`DetectorFeatureConfiguration`), so a
 * request goes into CreateDetector/UpdateDetector unchanged; names stay strings, because GuardDuty adds
 * features faster than SDKs ship (the features file is checked against the SDK's enums, src/features/names.ts).
 */
export type FeatureStatus = 'ENABLED' | 'DISABLED';

/**
 * A feature as gdeks writes it: from the features file (statuses ENABLED/DISABLED), or merged with what the
 * detector reports (`Feature<string>`).
 */
export interface Feature<S extends string = FeatureStatus> {
  Name: string;
  Status: S;
  /** Present only when listed; an absent list means "leave the current settings". */
  AdditionalConfiguration?: Array<{ Name: string; Status: S }>;
}

/** The features file after validation. */
export type DesiredFeature = Feature;
export type DesiredAdditionalConfiguration = NonNullable<Feature['AdditionalConfiguration']>[number];

/** A feature as GuardDuty reports it (GetDetector, GetMemberDetectors): any field may be missing. */
export interface ReportedFeature {
  Name?: string;
  Status?: string;
  AdditionalConfiguration?: Array<{ Name?: string; Status?: string }>;
}
