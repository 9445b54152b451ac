// Data preparation and the CSV-to-segments pipeline: browser-safe (no Node built-ins and no
// packages), re-exported by "segmint/browser" and "segmint/node" beside the charts; the core
// ("segmint") holds the clustering and the metrics alone.
export { type CollectedTable, type CollectOptions, ColumnCollector, type ColumnKind, columnKind, MAX_CATEGORIES, type RawColumn, releaseColumnValues } from '../data/collect.js';
export { autoSelectColumns, type AutoSelection, isIdName, resolveColumn, resolveColumns, splitColumnList } from '../data/columns.js';
export { checkDelimiter, chooseDelimiter, ColumnAppender, type CsvReadOptions, detectDelimiter, lineBreakOf, quoteField, quotedRecordFields, readCsvText, RecordReader, RecordSplitter, type RecordSink, type SepLine, sepLineOf, streamCsvText } from '../data/csv.js';
export { RecordFields } from '../data/fields.js';
export {
  applyPreparation, CLIP_LIMIT, type ColumnReport, ENCODE_METHODS, type EncodeMethod, fitPreparation, IMPUTE_METHODS, type ImputeMethod,
  type InputPreparation, type PreparedData, type Preparation, type PrepareOptions, SCALE_METHODS, type ScaleMethod, toOriginalUnits,
} from '../data/prepare.js';
export { formatRfmCsv, RFM_COLUMNS, RfmAggregator, type RfmOptions, type RfmTable } from '../data/rfm.js';
export { DECIMAL_MARKS, type DecimalMark, DEFAULT_MISSING, missingSpanTest, missingTest, parseNumber, parseNumberAt } from '../data/values.js';
export { MODEL_FORMAT, MODEL_VERSION, type ModelSegment, parseModel, type SegmentModel } from '../model.js';
export {
  type ColumnSummary, type CsvInspection, type CsvSegmentation, fitCommandLine, inspectCsv, inspectTable, type PhaseProgress,
  type PhaseProgressCallback, readCsvTable, type SegmentCsvOptions, segmentCsv, type SegmentPhase, segmentTable,
} from './segment-csv.js';
