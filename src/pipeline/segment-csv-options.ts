// The option names of segmentCsv (SegmentCsvOptions), apart from segment-csv.ts so that the
// worker API can check them before posting without taking in the whole pipeline.

/** The option names of SegmentCsvOptions. */
export const SEGMENT_CSV_OPTIONS = [
  'features', 'categorical', 'missing', 'decimal', 'delimiter', 'impute', 'encode', 'scale', 'clip', 'k', 'kRange', 'gap', 'seed', 'nInit', 'maxIter', 'tol', 'precision', 'names', 'threads',
] as const;
