import { isUsableDelimiter, USABLE_DELIMITER } from './data/csv.js';
import { type Preparation, SCALE_METHODS } from './data/prepare.js';
import { DECIMAL_MARKS, type DecimalMark, withoutBom } from './data/values.js';
import { SegmintError } from './errors.js';
import type { Precision, ResolvedOptions } from './kmeans/types.js';
import type { Criterion } from './select/recommend.js';

/**
 * The newest model version this segmint reads, bumped whenever a model file's meaning changes;
 * older versions stay readable. 2: options.precision may be 'f32' (predict must round rows the
 * same way). A model is written with the oldest version that holds its meaning (modelVersion),
 * so an f64 model stays readable by segmint that knows only version 1.
 */
export const MODEL_VERSION = 2;

/** The version a model fitted with these options is written as. */
export function modelVersion(options: { precision: Precision }): number {
  return options.precision === 'f32' ? 2 : 1;
}
export const MODEL_FORMAT = 'segmint-model';

export interface ModelSegment {
  /** 1-based segment number as the CLI prints it; segments are ordered by size, largest first. */
  id: number;
  /** A short plain-language name ("High income, high spending"), or the user's own (--names). */
  name: string;
  size: number;
  /** In the units of the feature columns (a one-hot column's value is the segment's share of that category). */
  centroid: number[];
  /** The centroid as k-means saw it (scaled); what predict uses, so training rows get their training segments. */
  scaledCentroid: number[];
}

/** Everything needed to score new rows, plus how the model was made. */
export interface SegmentModel {
  format: typeof MODEL_FORMAT;
  version: number;
  segmintVersion: string;
  /** The matrix columns the centroids refer to, in order (preparation.outputs). */
  features: string[];
  /** Field texts read as missing. */
  missing: string[];
  /** The decimal mark the training file was read with, when it was given (--decimal): predict reads new rows so. */
  decimal?: DecimalMark;
  /**
   * The delimiter the training file was read with, when it was given (--delimiter): predict reads
   * new rows so, unless their file has a sep= line or its own --delimiter.
   */
  delimiter?: string;
  /** How the input columns became the matrix: encoding, filling, clipping, scaling. */
  preparation: Preparation;
  k: number;
  segments: ModelSegment[];
  /** Within-segment sum of squares in the scaled space k-means worked in. */
  inertia: number;
  iterations: number;
  converged: boolean;
  options: Omit<ResolvedOptions, 'weighted' | 'threads'>;
  training: { file: string; rows: number; usedRows: number };
  /** How k was chosen, when it was chosen automatically (see segmint k). */
  kSelection?: { recommended: number; votes: Partial<Record<Criterion, number>>; reasons: string[] };
}

function modelError(source: string, message: string): SegmintError {
  return new SegmintError('ERR_INVALID_MODEL', `${source}: ${message}`);
}

function isFiniteArray(value: unknown, length: number): value is number[] {
  return Array.isArray(value) && value.length === length && value.every((v) => typeof v === 'number' && Number.isFinite(v));
}

function checkPreparation(value: unknown, features: string[], source: string): void {
  const preparation = value as Partial<Preparation> | undefined;
  if (!preparation || typeof preparation !== 'object') throw modelError(source, '"preparation" is missing');
  if (!Array.isArray(preparation.inputs) || preparation.inputs.length === 0) throw modelError(source, '"preparation.inputs" must be a non-empty array');
  preparation.inputs.forEach((input, i) => {
    const where = `preparation.inputs[${i}]`;
    if (!input || typeof input.name !== 'string') throw modelError(source, `${where}.name must be a column name`);
    if (input.kind === 'numeric') {
      if (input.fill !== null && !(typeof input.fill === 'number' && Number.isFinite(input.fill))) throw modelError(source, `${where}.fill must be a number or null`);
      if (input.clip !== null && !(isFiniteArray(input.clip, 2) && input.clip[0] <= input.clip[1])) throw modelError(source, `${where}.clip must be [low, high] (low <= high) or null`);
    } else if (input.kind === 'categorical') {
      if (input.encoding !== 'onehot' && input.encoding !== 'ordinal') throw modelError(source, `${where}.encoding must be "onehot" or "ordinal"`);
      if (!Array.isArray(input.categories) || !input.categories.every((c) => typeof c === 'string')) throw modelError(source, `${where}.categories must be an array of texts`);
      if (input.fill !== null && !input.categories.includes(input.fill as string)) throw modelError(source, `${where}.fill must be one of its categories or null`);
    } else {
      throw modelError(source, `${where}.kind must be "numeric" or "categorical"`);
    }
  });
  if (!SCALE_METHODS.includes(preparation.scale!)) throw modelError(source, `"preparation.scale" is ${JSON.stringify(preparation.scale)}; expected one of ${SCALE_METHODS.join(', ')}`);
  const d = features.length;
  if (!Array.isArray(preparation.outputs) || preparation.outputs.join('\0') !== features.join('\0')) throw modelError(source, '"preparation.outputs" must equal "features"');
  if (!isFiniteArray(preparation.center, d) || !isFiniteArray(preparation.scaleBy, d) || preparation.scaleBy.some((s) => !(s > 0))) {
    throw modelError(source, `"preparation.center" and "preparation.scaleBy" must hold ${d} finite numbers (scaleBy positive)`);
  }
}

/** Parses and checks a model file's text; messages name the file and the faulty field. */
export function parseModel(text: string, source: string): SegmentModel {
  let raw: unknown;
  try {
    raw = JSON.parse(withoutBom(text));
  } catch (error) {
    throw modelError(source, `not valid JSON (${(error as Error).message})`);
  }
  if (raw === null || typeof raw !== 'object') throw modelError(source, 'expected a JSON object');
  const model = raw as Partial<SegmentModel>;
  if (model.format !== MODEL_FORMAT) throw modelError(source, `"format" is ${JSON.stringify(model.format)}; expected "${MODEL_FORMAT}" (is this a segmint model.json?)`);
  if (typeof model.version !== 'number' || !Number.isInteger(model.version) || model.version < 1) {
    throw modelError(source, `"version" is ${JSON.stringify(model.version)}; expected a positive integer`);
  }
  if (model.version > MODEL_VERSION) {
    throw modelError(source, `model version ${model.version} is newer than this segmint reads (versions 1 to ${MODEL_VERSION}); upgrade segmint`);
  }
  const features = model.features;
  if (!Array.isArray(features) || features.length === 0 || !features.every((f) => typeof f === 'string')) {
    throw modelError(source, '"features" must be a non-empty array of column names');
  }
  if (!Array.isArray(model.missing) || !model.missing.every((m) => typeof m === 'string')) throw modelError(source, '"missing" must be an array of texts');
  if (model.decimal !== undefined && !DECIMAL_MARKS.includes(model.decimal)) throw modelError(source, `"decimal" is ${JSON.stringify(model.decimal)}; expected "point" or "comma"`);
  if (model.delimiter !== undefined && !isUsableDelimiter(model.delimiter)) {
    throw modelError(source, `"delimiter" is ${JSON.stringify(model.delimiter)}; expected ${USABLE_DELIMITER}`);
  }
  checkPreparation(model.preparation, features, source);
  const segments = model.segments;
  if (!Array.isArray(segments) || segments.length === 0 || segments.length !== model.k) {
    throw modelError(source, `"segments" must hold k=${JSON.stringify(model.k)} segments`);
  }
  segments.forEach((segment, index) => {
    if (!segment || !isFiniteArray(segment.scaledCentroid, features.length)) {
      throw modelError(source, `segments[${index}].scaledCentroid must be ${features.length} finite numbers (one per feature)`);
    }
    if (typeof segment.id !== 'number') throw modelError(source, `segments[${index}].id must be a number`);
  });
  // Two segments under one number would merge in predict's output.
  const ids = segments.map((segment) => segment.id);
  if (new Set(ids).size !== ids.length) throw modelError(source, `"segments" ids ${JSON.stringify(ids)} repeat; expected one number per segment`);
  return model as SegmentModel;
}
