import { SegmintError } from '../errors.js';

/**
 * The fields of one CSV record, where they already are: in the text being read for a record
 * without quotes (split on its delimiter, with no string made per record or field), or in a
 * list of strings (a quoted record's, from quotedRecordFields, or fields handed over by a
 * caller). Field i is text(i).slice(start(i), end(i)); the sinks read numbers and missing
 * tokens in place (parseNumberAt, missingSpanTest) and slice only the fields they keep as text.
 * One instance is reused record after record.
 */
export class RecordFields {
  /** How many fields the record has. */
  count = 0;
  private record = '';
  private list: readonly string[] | undefined;
  /** For a record: field i starts at bounds[i] and ends one before bounds[i + 1]. */
  private bounds = new Int32Array(16);

  /** A record without quote characters, as written (no line break), and its one-character delimiter. */
  ofRecord(record: string, delimiter: string): this {
    return this.ofSpan(record, 0, record.length, delimiter);
  }

  /** ofRecord() for the record text[start, end), read where it is (a chunk of a file, say). */
  ofSpan(text: string, start: number, end: number, delimiter: string): this {
    const code = delimiter.charCodeAt(0);
    let bounds = this.bounds;
    let count = 1;
    // A loop over the characters: fields are short, and an indexOf() call per field costs more.
    for (let at = start; at < end; at++) {
      if (text.charCodeAt(at) !== code) continue;
      if (count + 1 >= bounds.length) {
        const bigger = new Int32Array(bounds.length * 2);
        bigger.set(bounds);
        this.bounds = bounds = bigger;
      }
      bounds[count++] = at + 1;
    }
    bounds[0] = start;
    bounds[count] = end + 1;
    this.record = text;
    this.list = undefined;
    this.count = count;
    return this;
  }

  ofList(fields: readonly string[]): this {
    this.list = fields;
    this.count = fields.length;
    return this;
  }

  text(i: number): string {
    return this.list === undefined ? this.record : this.list[i]!;
  }

  start(i: number): number {
    return this.list === undefined ? this.bounds[i]! : 0;
  }

  end(i: number): number {
    return this.list === undefined ? this.bounds[i + 1]! - 1 : this.list[i]!.length;
  }

  field(i: number): string {
    return this.list === undefined ? this.record.slice(this.bounds[i]!, this.bounds[i + 1]! - 1) : this.list[i]!;
  }

  /** Every field as a string. */
  fields(): string[] {
    return this.list === undefined ? Array.from({ length: this.count }, (_, i) => this.field(i)) : [...this.list];
  }

  /** Fails, naming the line, unless the record has `width` fields like the header. */
  expectWidth(width: number, source: string, line: number, delimiter: string): void {
    if (this.count === width) return;
    throw new SegmintError(
      'ERR_INVALID_DATA',
      `${source}, line ${line}: ${this.count} field${this.count === 1 ? '' : 's'}; expected ${width} like the header (delimiter ${JSON.stringify(delimiter)})`,
    );
  }

  /** A blank line: one field of spaces at most (skipped by every reader). */
  isBlank(): boolean {
    return this.count === 1 && this.field(0).trim() === '';
  }
}
