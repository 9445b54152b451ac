import { Command, Option } from 'commander';
import { DATE_FORMATS, type DateFormat, formatDay, parseAsOf } from '../data/dates.js';
import { formatRfmCsv, RfmAggregator, type RfmColumn, type RfmTable } from '../data/rfm.js';
import { RFM_CLIP, RFM_MEASURES } from '../data/rfm-segments.js';
import { type DecimalMark, DEFAULT_MISSING } from '../data/values.js';
import { inspectCsvFile, streamCsvFile } from './csv-file.js';
import { decimalOption, delimiterOption } from './data-options.js';
import { type CliIo, writeFilesAtomically } from './io.js';
import { progressBar } from './progress.js';
import { pathOption } from './options.js';

export interface RfmCliOptions extends Partial<Record<RfmColumn, string>> {
  output?: string;
  asOf?: string;
  dateFormat: DateFormat;
  missing: string[];
  quiet: boolean;
  decimal?: DecimalMark;
  /** The file's delimiter (--delimiter) instead of the detected one. */
  delimiter?: string;
}

/**
 * `segmint rfm`: one row per customer from raw transactions (recency, frequency, monetary and
 * more, with R/F/M quintile scores and a segment name), streamed in bounded memory.
 */
export async function runRfm(path: string, options: RfmCliOptions, io: CliIo): Promise<RfmTable> {
  const asOfDay = options.asOf === undefined ? undefined : parseAsOf(options.asOf);
  const file = inspectCsvFile(path, options.delimiter, options.decimal);
  const aggregator = new RfmAggregator(path, {
    columns: { customer: options.customer, invoice: options.invoice, date: options.date, quantity: options.quantity, price: options.price },
    dateFormat: options.dateFormat,
    missing: options.missing,
    asOfDay,
    delimiter: file.delimiter,
    decimal: file.decimal,
  });
  await streamCsvFile(file, aggregator, progressBar(io, options.quiet));
  const table = aggregator.finish();
  const csv = formatRfmCsv(table);
  if (options.output === undefined) io.stdout(csv);
  else await writeFilesAtomically([{ path: options.output, content: csv }], { inputs: [path] });
  for (const warning of table.warnings) io.stderr(`warning: ${warning}\n`);
  if (!options.quiet) {
    const c = table.counts;
    const used = c.rows - c.droppedNoCustomer - c.droppedNoInvoice - c.droppedAfterAsOf;
    io.stderr(
      `${c.rows} invoice line(s)${c.rows > used ? `; the ${used} used` : ''} from ${formatDay(c.firstDay)} to ${formatDay(c.lastDay)}; as of ${formatDay(table.asOfDay)}\n` +
        `  ${c.droppedNoCustomer} row(s) without a customer dropped\n` +
        (c.droppedNoInvoice > 0 ? `  ${c.droppedNoInvoice} row(s) without an invoice number dropped\n` : '') +
        (c.droppedAfterAsOf > 0 ? `  ${c.droppedAfterAsOf} row(s) on or after the as-of day left out\n` : '') +
        `  ${c.cancellationRows} cancellation row(s) in ${c.cancelledInvoices} cancelled invoice(s) counted as returns\n` +
        `  ${table.customers.length} customers` +
        (c.customersWithoutPurchases > 0 ? ` (${c.customersWithoutPurchases} more who bought nothing, only returned or had lines of quantity 0: left out, nothing to score)` : '') +
        `\n${options.output ? `wrote ${options.output}\n` : ''}` +
        `${options.output ? 'segment them' : 'save the table (-o customers.csv) and segment it'}: segmint fit ${options.output ?? 'customers.csv'} --features ${RFM_MEASURES.join(',')} --clip ${RFM_CLIP}\n`,
    );
  }
  return table;
}

export function rfmCommand(io: CliIo): Command {
  return new Command('rfm')
    .description('turn raw transactions into one row per customer: recency, frequency, monetary, scores and segments')
    .argument('<transactions.csv>', 'one row per invoice line: customer, invoice, date, quantity, unit price')
    .option('-o, --output <file>', 'write the customer table here instead of stdout', pathOption)
    .option('--customer <column>', 'customer column (default: CustomerID, Customer ID, ...)')
    .option('--invoice <column>', 'invoice column; numbers starting with C are cancellations (default: InvoiceNo, Invoice, ...)')
    .option('--date <column>', 'date column (default: InvoiceDate, Date, ...)')
    .option('--quantity <column>', 'quantity column; negative quantities are returns (default: Quantity)')
    .option('--price <column>', 'unit price column (default: UnitPrice, Price)')
    .option('--as-of <date>', 'the day recency and tenure are counted to, YYYY-MM-DD; transactions on it or later are left out (default: the day after the last transaction)')
    .addOption(new Option('--date-format <format>', 'how dates with slashes are read').choices(DATE_FORMATS).default('auto'))
    .addOption(new Option('--missing <tokens>', 'comma-separated texts that mean a missing value').argParser((v: string) => v.split(',').map((t) => t.trim())).default([...DEFAULT_MISSING], DEFAULT_MISSING.filter((t) => t !== '').join(',')))
    .addOption(decimalOption())
    .addOption(delimiterOption())
    .option('-q, --quiet', 'no progress or summary on stderr', false)
    .action(async (path: string, options: RfmCliOptions) => {
      await runRfm(path, options, io);
    });
}
