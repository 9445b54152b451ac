import { SegmintError } from './errors.js';
import type { ResolvedOptions } from './kmeans/types.js';

/** Bumped whenever a model file's meaning changes; older versions stay readable. */
export const MODEL_VERSION = 1;
export const MODEL_FORMAT = 'segmint-model';

export interface ModelSegment {
  /** 1-based segment number as the CLI prints it; segments are ordered by size, largest first. */
  id: number;
  size: number;
  /** In the units of the feature columns. */
  centroid: number[];
}

/** Everything needed to score new rows, plus how the model was made. */
export interface SegmentModel {
  format: typeof MODEL_FORMAT;
  version: number;
  segmintVersion: string;
  /** The CSV columns the centroids refer to, in order. */
  features: string[];
  k: number;
  segments: ModelSegment[];
  inertia: number;
  iterations: number;
  converged: boolean;
  options: Omit<ResolvedOptions, 'weighted'>;
  training: { file: string; rows: number };
}

function modelError(source: string, message: string): SegmintError {
  return new SegmintError('ERR_INVALID_MODEL', `${source}: ${message}`);
}

function isFiniteArray(value: unknown, length: number): value is number[] {
  return Array.isArray(value) && value.length === length && value.every((v) => typeof v === 'number' && Number.isFinite(v));
}

/** Parses and checks a model file's text; messages name the file and the faulty field. */
export function parseModel(text: string, source: string): SegmentModel {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
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
    throw modelError(source, `model version ${model.version} is newer than this segmint reads (up to ${MODEL_VERSION}); upgrade segmint`);
  }
  const features = model.features;
  if (!Array.isArray(features) || features.length === 0 || !features.every((f) => typeof f === 'string')) {
    throw modelError(source, '"features" must be a non-empty array of column names');
  }
  const segments = model.segments;
  if (!Array.isArray(segments) || segments.length === 0 || segments.length !== model.k) {
    throw modelError(source, `"segments" must hold k=${JSON.stringify(model.k)} segments`);
  }
  segments.forEach((segment, index) => {
    if (!segment || !isFiniteArray(segment.centroid, features.length)) {
      throw modelError(source, `segments[${index}].centroid must be ${features.length} finite numbers (one per feature)`);
    }
  });
  return model as SegmentModel;
}
