/**
 * The features file as the AWS CLI's `--features` takes it, after validation. The shapes are those of the
 * SDK's `DetectorFeatureConfiguration` so they go into CreateDetector/UpdateDetector unchanged.
 */
export type FeatureStatus = 'ENABLED' | 'DISABLED';

export interface DesiredAdditionalConfiguration {
  Name: string;
  Status: FeatureStatus;
}

export interface DesiredFeature {
  Name: string;
  Status: FeatureStatus;
  /** Present only when the file lists it; an absent list means "leave the current settings". */
  AdditionalConfiguration?: DesiredAdditionalConfiguration[];
}
