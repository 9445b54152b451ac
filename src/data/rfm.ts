import { SegmintError } from '../errors.js';
import { HeaderRow } from './collect.js';
import { oneColumnHint, resolveColumn } from './columns.js';
import { quoteField, type RecordSink } from './csv.js';
import { type DateFormat, dateFormatHint, describeDateFormat, formatDay, parseDay, today } from './dates.js';
import { quintileScores, RFM_TABLE_COLUMNS, rfmSegment } from './rfm-segments.js';
import { RecordFields } from './fields.js';
import { checkPointVerdict, decimalCommaHint, type DecimalMark, missingTest, parseNumber, parseNumberAt, PointEvidence, readsCommaGroups, readsDecimalComma } from './values.js';

export { rfmSegment };

/** The transaction columns RFM needs, and the names they are found under when not given. */
export const RFM_COLUMNS = {
  customer: ['CustomerID', 'Customer ID', 'customer_id', 'Customer'],
  invoice: ['InvoiceNo', 'Invoice', 'invoice_id', 'OrderID', 'order_id'],
  date: ['InvoiceDate', 'Date', 'order_date', 'OrderDate'],
  quantity: ['Quantity', 'Qty'],
  price: ['UnitPrice', 'Price', 'unit_price'],
} as const;

export type RfmColumn = keyof typeof RFM_COLUMNS;

export interface RfmOptions {
  /** Column names (or 1-based indices) overriding the automatic ones. */
  columns?: Partial<Record<RfmColumn, string>>;
  dateFormat?: DateFormat;
  missing?: readonly string[];
  /**
   * The day recency and tenure are counted to (a day number, see parseDay): transactions on it
   * or later are left out and counted. Default: the day after the last transaction.
   */
  asOfDay?: number;
  /** The file's delimiter, for how its numbers are written (see usesDecimalComma). Default ','. */
  delimiter?: string;
  /** The file's decimal mark, when given: overrides the delimiter's (see readsDecimalComma). */
  decimal?: DecimalMark;
}

interface CustomerState {
  firstDay: number;
  lastPurchaseDay: number;
  invoices: Set<string>;
  cancelledInvoices: Set<string>;
  monetary: number;
  purchasedItems: number;
  returnedItems: number;
}

export interface RfmCounts {
  rows: number;
  /** Rows without a customer, dropped. */
  droppedNoCustomer: number;
  /** Rows of a customer without an invoice number, dropped: frequency counts invoices. */
  droppedNoInvoice: number;
  /** Rows on or after the as-of day, left out. */
  droppedAfterAsOf: number;
  /** Rows of cancelled invoices (number starting with C) or with a negative quantity. */
  cancellationRows: number;
  cancelledInvoices: number;
  customers: number;
  /** Customers with cancellations only: nothing bought, so nothing to score; left out. */
  customersWithoutPurchases: number;
  firstDay: number;
  lastDay: number;
}

/** One customer's measures. Days are whole days before the as-of date. */
export interface RfmCustomer {
  customer: string;
  recencyDays: number;
  /** Distinct invoices that were not cancellations. */
  frequency: number;
  /** Net spend: purchases minus returns, to the cent (as written, and as scored). */
  monetary: number;
  averageOrderValue: number;
  /** Units bought. */
  items: number;
  /** Units returned as a share of units bought. */
  returnRate: number;
  tenureDays: number;
  cancelledInvoices: number;
  rScore: number;
  fScore: number;
  mScore: number;
  segment: string;
}

export interface RfmTable {
  customerColumn: string;
  asOfDay: number;
  customers: RfmCustomer[];
  counts: RfmCounts;
  /** Things worth knowing about how the file was read (see PointEvidence). */
  warnings: string[];
}

/**
 * Aggregates a transaction file, record by record, into per-customer RFM measures. Memory grows
 * with customers and invoices, never with rows.
 */
export class RfmAggregator implements RecordSink {
  private columns: Record<RfmColumn, number> | undefined;
  private header: string[] = [];
  private headerRow: HeaderRow | undefined;
  private readonly customers = new Map<string, CustomerState>();
  private readonly isMissing: (field: string) => boolean;
  private readonly allCancelled = new Set<string>();
  private counts = { rows: 0, droppedNoCustomer: 0, droppedNoInvoice: 0, droppedAfterAsOf: 0, cancellationRows: 0, firstDay: Infinity, lastDay: -Infinity };
  /** Lines with a negative unit price: how many, and the first. */
  private negativePrices = { lines: 0, first: 0 };
  /** The line of the last date (counts.lastDay), for the warning when it is after today. */
  private lastDayLine = 0;
  private readonly record = new RecordFields();
  private readonly delimiter: string;
  private readonly decimalComma: boolean;
  private readonly commaGroups: boolean;
  /** What the quantities' and prices' points say, in a file read with decimal commas. */
  private readonly points: { quantity: PointEvidence; price: PointEvidence } | undefined;

  constructor(
    private readonly source: string,
    private readonly options: RfmOptions = {},
  ) {
    this.isMissing = missingTest(options.missing);
    this.delimiter = options.delimiter ?? ',';
    this.decimalComma = readsDecimalComma(this.delimiter, options.decimal);
    this.commaGroups = readsCommaGroups(options.decimal);
    this.points = this.decimalComma ? { quantity: new PointEvidence(), price: new PointEvidence() } : undefined;
  }

  add(fields: string[], line: number): void {
    this.addFields(this.record.ofList(fields), line);
  }

  /** add() for fields where they are (RecordSink.addFields): quantities and prices are read in place. */
  addFields(record: RecordFields, line: number): void {
    if (record.isBlank()) return;
    if (this.headerRow === undefined || this.columns === undefined) {
      this.headerRow = new HeaderRow(record.fields(), this.source, line, this.delimiter);
      this.header = this.headerRow.names;
      this.columns = this.findColumns(this.header);
      return;
    }
    this.headerRow.checkRecord(record, line);
    this.counts.rows++;
    const at = this.columns;
    const customer = record.field(at.customer).trim();
    if (this.isMissing(customer)) {
      this.counts.droppedNoCustomer++;
      return;
    }
    const invoice = record.field(at.invoice).trim();
    if (this.isMissing(invoice)) {
      this.counts.droppedNoInvoice++;
      return;
    }
    const quantity = this.number(record, at.quantity, line, this.points?.quantity);
    const price = this.number(record, at.price, line, this.points?.price);
    const dateText = record.field(at.date);
    const day = parseDay(dateText, this.options.dateFormat);
    if (day === undefined) {
      const format = this.options.dateFormat ?? 'auto';
      throw new SegmintError(
        'ERR_INVALID_DATA',
        `${this.source}, line ${line}, column "${this.header[at.date]}" (${at.date + 1}): cannot parse the date ${JSON.stringify(dateText)}; expected ${describeDateFormat(format)}${dateFormatHint(dateText, format)}`,
      );
    }
    if (this.options.asOfDay !== undefined && day >= this.options.asOfDay) {
      this.counts.droppedAfterAsOf++;
      return;
    }
    this.counts.firstDay = Math.min(this.counts.firstDay, day);
    if (day > this.counts.lastDay) {
      this.counts.lastDay = day;
      this.lastDayLine = line;
    }
    if (price < 0 && this.negativePrices.lines++ === 0) this.negativePrices.first = line;

    let state = this.customers.get(customer);
    if (state === undefined) {
      state = { firstDay: day, lastPurchaseDay: -Infinity, invoices: new Set(), cancelledInvoices: new Set(), monetary: 0, purchasedItems: 0, returnedItems: 0 };
      this.customers.set(customer, state);
    }
    state.firstDay = Math.min(state.firstDay, day);
    // A cancellation takes its units back whatever the sign its quantity is written with (some
    // exports write a cancelled invoice's quantities as positive numbers).
    const cancelled = /^c/i.test(invoice) || quantity < 0;
    const amount = (cancelled ? -Math.abs(quantity) : quantity) * price;
    if (!Number.isFinite(amount)) {
      throw new SegmintError(
        'ERR_INVALID_DATA',
        `${this.source}, line ${line}: the amount ${record.field(at.quantity).trim()} × ${record.field(at.price).trim()} (columns "${this.header[at.quantity]}" and "${this.header[at.price]}") is beyond the largest number; expected a quantity and a unit price`,
      );
    }
    state.monetary += amount;
    if (!Number.isFinite(state.monetary)) throw this.beyondLargest(line, customer, 'spent');
    if (cancelled) {
      this.counts.cancellationRows++;
      state.returnedItems += Math.abs(quantity);
      if (!Number.isFinite(state.returnedItems)) throw this.beyondLargest(line, customer, 'returned');
      state.cancelledInvoices.add(invoice);
      this.allCancelled.add(invoice);
    } else if (quantity > 0) {
      // A line of quantity 0 buys nothing: its invoice is no purchase (it would count in frequency).
      state.purchasedItems += quantity;
      if (!Number.isFinite(state.purchasedItems)) throw this.beyondLargest(line, customer, 'bought');
      state.invoices.add(invoice);
      state.lastPurchaseDay = Math.max(state.lastPurchaseDay, day);
    }
  }

  /** The error for a customer's total (units bought or returned, or spend) past the largest number. */
  private beyondLargest(line: number, customer: string, what: 'bought' | 'returned' | 'spent'): SegmintError {
    const total = what === 'spent' ? 'spend' : `units ${what}`;
    return new SegmintError('ERR_INVALID_DATA', `${this.source}, line ${line}: customer ${JSON.stringify(customer)}'s ${total} add${what === 'spent' ? 's' : ''} up beyond the largest number; expected quantities and unit prices`);
  }

  private number(record: RecordFields, column: number, line: number, points: PointEvidence | undefined): number {
    const value = parseNumberAt(record.text(column), record.start(column), record.end(column), this.decimalComma, this.commaGroups);
    if (value === undefined) {
      throw new SegmintError(
        'ERR_INVALID_DATA',
        `${this.source}, line ${line}, column "${this.header[column]}" (${column + 1}): expected a number, got ${JSON.stringify(record.field(column))}${decimalCommaHint(record.field(column), this.decimalComma, this.delimiter)}`,
      );
    }
    points?.observe(record.text(column), record.start(column), record.end(column), line);
    return value;
  }

  private findColumns(header: string[]): Record<RfmColumn, number> {
    const normal = (name: string) => name.toLowerCase().replace(/[\s_]/g, '');
    const found = {} as Record<RfmColumn, number>;
    for (const role of Object.keys(RFM_COLUMNS) as RfmColumn[]) {
      const given = this.options.columns?.[role];
      if (given !== undefined) {
        found[role] = resolveColumn(given, header, this.source);
        continue;
      }
      const index = header.findIndex((name) => RFM_COLUMNS[role].some((candidate) => normal(candidate) === normal(name)));
      if (index === -1) {
        throw new SegmintError(
          'ERR_INVALID_ARGUMENT',
          `${this.source}: no ${role} column found (looked for ${RFM_COLUMNS[role].map((n) => `"${n}"`).join(', ')}); name it with --${role} <column>. Columns: ${header.map((h) => `"${h}"`).join(', ')}${oneColumnHint(header)}`,
        );
      }
      found[role] = index;
    }
    const roles = Object.keys(found) as RfmColumn[];
    for (const [r, role] of roles.entries()) {
      const other = roles.slice(r + 1).find((later) => found[later] === found[role]);
      if (other !== undefined) {
        throw new SegmintError(
          'ERR_INVALID_ARGUMENT',
          `${this.source}: column "${header[found[role]]}" is both the ${role} and the ${other} column; expected a column of its own for each (--${role}, --${other})`,
        );
      }
    }
    return found;
  }

  /** The customer table, as of options.asOfDay. */
  finish(): RfmTable {
    if (this.columns === undefined) throw new SegmintError('ERR_INVALID_DATA', `${this.source}: the file is empty; expected a header row and transactions`);
    if (this.counts.rows === 0) throw new SegmintError('ERR_INVALID_DATA', `${this.source}: the header is the only row; expected transactions after it`);
    if (this.customers.size === 0 && this.counts.droppedAfterAsOf > 0) {
      throw new SegmintError('ERR_INVALID_ARGUMENT', `${this.source}: every transaction is on or after the as-of day ${formatDay(this.options.asOfDay!)}; expected some before it`);
    }
    const warnings: string[] = [];
    if (this.negativePrices.lines > 0) {
      warnings.push(
        `${this.negativePrices.lines} line(s) with a negative unit price (the first on line ${this.negativePrices.first}) are counted as they are, as discounts (a cancelled one adds back)`,
      );
    }
    // A date typed in the wrong century moves the as-of day, and with it every customer's recency.
    const now = today();
    if (this.options.asOfDay === undefined && this.counts.lastDay > now) {
      warnings.push(
        `the last date, ${formatDay(this.counts.lastDay)} on line ${this.lastDayLine}, is after today (${formatDay(now)}): recency counts back from the day after it; check that line, or give --as-of`,
      );
    }
    for (const [key, points] of Object.entries(this.points ?? {})) {
      checkPointVerdict(this.source, points.verdict(this.header[this.columns[key as RfmColumn]]!), warnings);
    }
    const asOf = this.options.asOfDay ?? this.counts.lastDay + 1;
    // Numeric ids ("1,001,000" and "999" too) in numeric order, others in text order.
    const idValues = new Map([...this.customers.keys()].map((id) => [id, parseNumber(id)]));
    const numericIds = [...idValues.values()].every((value) => value !== undefined);
    const ids = [...this.customers.keys()].sort((a, b) => (numericIds ? idValues.get(a)! - idValues.get(b)! : a < b ? -1 : a > b ? 1 : 0));
    const rows: Omit<RfmCustomer, 'rScore' | 'fScore' | 'mScore' | 'segment'>[] = [];
    let withoutPurchases = 0;
    for (const id of ids) {
      const state = this.customers.get(id)!;
      if (state.invoices.size === 0) {
        withoutPurchases++;
        continue;
      }
      // Sums of prices carry binary rounding (6 × 2.95 + 12 × 2.95 is 53.10000000000001, 18 ×
      // 2.95 is 53.1): to the cent, equal spends tie as their written values do.
      const monetary = toCents(state.monetary);
      rows.push({
        customer: id,
        recencyDays: asOf - state.lastPurchaseDay,
        frequency: state.invoices.size,
        monetary,
        averageOrderValue: monetary / state.invoices.size,
        items: state.purchasedItems,
        returnRate: state.returnedItems / state.purchasedItems,
        tenureDays: asOf - state.firstDay,
        cancelledInvoices: state.cancelledInvoices.size,
      });
    }
    if (rows.length === 0) throw new SegmintError('ERR_INVALID_DATA', `${this.source}: no customer bought anything; nothing to score`);
    const r = quintileScores(rows.map((row) => row.recencyDays), false);
    const f = quintileScores(rows.map((row) => row.frequency), true);
    const m = quintileScores(rows.map((row) => row.monetary), true);
    const customers = rows.map((row, i) => ({ ...row, rScore: r[i]!, fScore: f[i]!, mScore: m[i]!, segment: rfmSegment(r[i]!, f[i]!) }));
    return {
      customerColumn: this.header[this.columns.customer]!,
      asOfDay: asOf,
      customers,
      counts: {
        rows: this.counts.rows,
        droppedNoCustomer: this.counts.droppedNoCustomer,
        droppedNoInvoice: this.counts.droppedNoInvoice,
        droppedAfterAsOf: this.counts.droppedAfterAsOf,
        cancellationRows: this.counts.cancellationRows,
        cancelledInvoices: this.allCancelled.size,
        customers: this.customers.size,
        customersWithoutPurchases: withoutPurchases,
        firstDay: this.counts.firstDay,
        lastDay: this.counts.lastDay,
      },
      warnings,
    };
  }
}

/**
 * An amount rounded to the cent as it is written in decimal, half away from zero (as a
 * spreadsheet's ROUND): 3 × 0.335 is 1.0049999999999999 in binary, and 1.01 here, not 1.00.
 * Fifteen significant digits hold every cent of amounts below 10^13 and drop the binary noise;
 * larger amounts have no binary noise below the cent to drop, and are rounded as they are.
 */
export function toCents(amount: number): number {
  if (!(Math.abs(amount) < 1e13)) return Number(amount.toFixed(2));
  const cents = Number((amount * 100).toPrecision(15));
  return (Math.sign(cents) * Math.round(Math.abs(cents))) / 100;
}

/** The customer table as CSV text. */
export function formatRfmCsv(table: RfmTable, delimiter = ',', newline = '\n'): string {
  const header = [table.customerColumn, ...RFM_TABLE_COLUMNS];
  const quote = (field: string) => quoteField(field, delimiter);
  const lines = [header.map(quote).join(delimiter)];
  for (const c of table.customers) {
    lines.push(
      [
        quote(c.customer), c.recencyDays, c.frequency, c.monetary.toFixed(2), toCents(c.averageOrderValue).toFixed(2), c.items,
        Number(c.returnRate.toFixed(4)), c.tenureDays, c.cancelledInvoices, c.rScore, c.fScore, c.mScore, quote(c.segment),
      ].join(delimiter),
    );
  }
  return lines.join(newline) + newline;
}
