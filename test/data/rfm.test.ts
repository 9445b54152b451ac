import { describe, expect, it, vi } from 'vitest';
import { streamCsvText } from '../../src/data/csv.js';
import { formatDay, parseDay } from '../../src/data/dates.js';
import { formatRfmCsv, RfmAggregator, toCents } from '../../src/data/rfm.js';
import { quintileScores, rfmSegment } from '../../src/data/rfm-segments.js';
import { Random } from '../../src/kmeans/random.js';

function aggregate(text: string, options = {}) {
  const aggregator = new RfmAggregator('t.csv', options);
  streamCsvText(text, 't.csv', () => aggregator);
  return aggregator;
}

describe('parseDay', () => {
  it('reads ISO and slashed dates to whole UTC days', () => {
    expect(formatDay(parseDay('2011-03-10 16:16:00')!)).toBe('2011-03-10');
    expect(formatDay(parseDay('2011-03-10T23:59')!)).toBe('2011-03-10');
    expect(formatDay(parseDay('12/1/2010 8:26')!)).toBe('2010-12-01'); // UCI's month/day/year
    expect(formatDay(parseDay('12/1/2010', 'dmy')!)).toBe('2010-01-12');
    expect(parseDay('2011-12-10')! - parseDay('2011-10-31')!).toBe(40);
  });

  it('refuses impossible dates and other text', () => {
    for (const text of ['2011-02-30', '2011-13-01', '2011-01-01 25:00', '13/13/2011', 'yesterday', '', '2011/01/01']) {
      expect(parseDay(text)).toBeUndefined();
    }
    expect(parseDay('2011-01-02', 'mdy')).toBeUndefined();
  });
});

describe('quintileScores', () => {
  it('scores 1..5 by rank, ties together (the worst at 1), and reverses for lower-is-better', () => {
    expect(Array.from(quintileScores([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], true))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(Array.from(quintileScores([100, 90, 80, 70, 60, 50, 40, 30, 20, 10], false))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(Array.from(quintileScores([1, 1, 1, 1, 9], true))).toEqual([1, 1, 1, 1, 5]); // the worst tie
    expect(Array.from(quintileScores([9, 9, 9, 9, 1], true))).toEqual([3, 3, 3, 3, 1]); // other ties: their average rank
    // Nothing tells the values apart: the middle score, not the worst (one customer, or one day of data).
    expect(Array.from(quintileScores([4, 4, 4], false))).toEqual([3, 3, 3]);
    expect(Array.from(quintileScores([7], true))).toEqual([3]);
    expect(Array.from(quintileScores([3, 300, 30], false))).toEqual([4, 1, 2]); // 2, 0 and 1 of 3 worse
    // Half the customers bought once: all of them F = 1, not split, and not all F = 2 (then F = 2 is empty).
    const frequencies = [...Array<number>(47).fill(1), ...Array<number>(20).fill(2), ...Array<number>(13).fill(3), ...Array<number>(20).fill(5)];
    const f = Array.from(quintileScores(frequencies, true));
    expect([1, 2, 3, 5].map((value) => [...new Set(f.filter((_, i) => frequencies[i] === value))])).toEqual([[1], [3], [4], [5]]);
  });
});

describe('rfmSegment', () => {
  it('follows the usual R-F grid', () => {
    expect(rfmSegment(5, 5)).toBe('Champions');
    expect(rfmSegment(4, 5)).toBe('Loyal Customers');
    expect(rfmSegment(5, 1)).toBe('New Customers');
    expect(rfmSegment(4, 1)).toBe('Promising');
    expect(rfmSegment(5, 3)).toBe('Potential Loyalists');
    expect(rfmSegment(3, 3)).toBe('Need Attention');
    expect(rfmSegment(3, 1)).toBe('About to Sleep');
    expect(rfmSegment(1, 5)).toBe("Can't Lose Them");
    expect(rfmSegment(2, 3)).toBe('At Risk');
    expect(rfmSegment(1, 1)).toBe('Hibernating');
  });
});

describe('RfmAggregator', () => {
  const TRANSACTIONS = [
    'Invoice,Customer ID,InvoiceDate,Quantity,Price',
    '1,A,2020-01-01 10:00,2,5.00', // A buys 10
    '1,A,2020-01-01 10:00,1,3.00', // same invoice, 3 more
    '2,A,2020-01-09 11:00,4,1.50', // 6
    'C3,A,2020-01-10 09:00,-1,5.00', // A returns one of the 5.00 items
    '4,B,2020-01-05 12:00,10,1.00',
    '5,,2020-01-06 12:00,3,1.00', // no customer: dropped
    'C6,C,2020-01-07 12:00,-2,1.00', // C only returns
  ].join('\n');

  it('computes recency, frequency, monetary, items, returns and tenure by hand', () => {
    const table = aggregate(TRANSACTIONS).finish();
    expect(formatDay(table.asOfDay)).toBe('2020-01-11'); // the day after the last transaction
    const [a, b] = table.customers;
    expect(a).toMatchObject({ customer: 'A', recencyDays: 2, frequency: 2, monetary: 14, averageOrderValue: 7, items: 7, tenureDays: 10, cancelledInvoices: 1 });
    expect(a!.returnRate).toBeCloseTo(1 / 7, 15);
    expect(b).toMatchObject({ customer: 'B', recencyDays: 6, frequency: 1, monetary: 10, items: 10, returnRate: 0, tenureDays: 6 });
    expect(table.counts).toMatchObject({ rows: 7, droppedNoCustomer: 1, cancellationRows: 2, cancelledInvoices: 2, customers: 3, customersWithoutPurchases: 1 });
    expect(table.customerColumn).toBe('Customer ID');
  });

  it('takes an as-of date and named columns', () => {
    const text = 'when,who,order,units,each\n2020-01-01,7,a,1,2\n';
    const table = aggregate(text, { columns: { date: 'when', customer: 'who', invoice: 'order', quantity: 'units', price: 'each' }, asOfDay: parseDay('2020-02-01') }).finish();
    expect(table.customers[0]).toMatchObject({ customer: '7', recencyDays: 31, monetary: 2 });
  });

  it('leaves out transactions on or after an earlier as-of day, as if the file ended before it', () => {
    const asOfDay = parseDay('2020-01-07')!;
    const table = aggregate(TRANSACTIONS, { asOfDay }).finish();
    const before = TRANSACTIONS.split('\n').filter((line, i) => i === 0 || parseDay(line.split(',')[2]!)! < asOfDay).join('\n');
    const expected = aggregate(before, { asOfDay }).finish();
    expect(table.customers).toEqual(expected.customers);
    expect(table.counts).toEqual({ ...expected.counts, rows: 7, droppedAfterAsOf: 3 });
    expect(table.customers.map((c) => [c.customer, c.recencyDays, c.tenureDays])).toEqual([['A', 6, 6], ['B', 2, 2]]);
    expect(() => aggregate(TRANSACTIONS, { asOfDay: parseDay('2020-01-01') }).finish()).toThrow(
      't.csv: every transaction is on or after the as-of day 2020-01-01; expected some before it',
    );
  });

  it('ties spends that are equal to the cent, whatever the binary rounding of their sums', () => {
    // 6 × 2.95 + 12 × 2.95 adds up to 53.10000000000001, 18 × 2.95 to 53.1.
    const rows = ['Invoice,CustomerID,InvoiceDate,Quantity,Price', '1,A,2020-01-01,6,2.95', '2,A,2020-01-02,12,2.95', '3,B,2020-01-01,18,2.95'];
    for (let i = 0; i < 8; i++) rows.push(`${10 + i},C${i},2020-01-01,${i + 1},${i < 4 ? 1 : 100}`);
    const customers = aggregate(rows.join('\n')).finish().customers;
    const [a, b] = customers.filter((c) => c.customer === 'A' || c.customer === 'B');
    expect(a!.monetary).toBe(53.1);
    expect(b!.monetary).toBe(53.1);
    expect(a!.mScore).toBe(b!.mScore);
  });

  it('rounds amounts to the cent as they are written, half away from zero', () => {
    // 3 × 0.335 is 1.0049999999999999 in binary (toFixed gave 1.00), 0.125 is exact.
    expect([toCents(3 * 0.335), toCents(0.125), toCents(-0.125), toCents(2.675), toCents(53.10000000000001), toCents(1e12 + 0.005), toCents(0)]).toEqual([1.01, 0.13, -0.13, 2.68, 53.1, 1e12 + 0.01, 0]);
    // From 10^13 on, fifteen digits would drop cents: those amounts stay as they are, to the cent.
    expect([toCents(12345678901234.56), toCents(98765432109876.54), toCents(123456789012345678)]).toEqual([12345678901234.56, 98765432109876.54, 123456789012345678]);
    const rows = ['Invoice,CustomerID,InvoiceDate,Quantity,Price', '1,A,2020-01-01,3,0.335', '2,A,2020-01-02,1,0.125', '3,B,2020-01-01,2,1.00'];
    const table = aggregate(rows.join('\n')).finish();
    expect(table.customers.find((c) => c.customer === 'A')!.monetary).toBe(1.13);
    // A's average order is 1.13 / 2 = 0.565 (0.56499999999999995 in binary): 0.57 in the file.
    expect(formatRfmCsv(table).split('\n')[1]).toMatch(/^A,\d+,2,1\.13,0\.57,4,/);
  });

  it('writes the customer table as CSV', () => {
    const csv = formatRfmCsv(aggregate(TRANSACTIONS).finish());
    expect(csv.split('\n')[0]).toBe('Customer ID,recency_days,frequency,monetary,avg_order_value,items,return_rate,tenure_days,cancelled_invoices,r_score,f_score,m_score,rfm_segment');
    expect(csv.split('\n')[1]).toMatch(/^A,2,2,14\.00,7\.00,7,0\.1429,10,1,[1-5],[1-5],[1-5],[A-Za-z' ]+$/);
  });

  it('names the line and column of bad values', () => {
    expect(() => aggregate('Invoice,CustomerID,InvoiceDate,Quantity,Price\n1,A,2020-13-01,1,1\n')).toThrow(
      't.csv, line 2, column "InvoiceDate" (3): cannot parse the date "2020-13-01"; expected YYYY-MM-DD[ HH:MM[:SS]] or M/D/YYYY[ H:MM]',
    );
    // Day first: 'auto' reads month first; the message says which format reads it. Not when asked for mdy.
    expect(() => aggregate('Invoice,CustomerID,InvoiceDate,Quantity,Price\n1,A,01/06/2011 09:00,1,1\n2,A,16/06/2011 14:45,1,1\n')).toThrow(
      't.csv, line 3, column "InvoiceDate" (3): cannot parse the date "16/06/2011 14:45"; expected YYYY-MM-DD[ HH:MM[:SS]] or M/D/YYYY[ H:MM]; it reads as day/month/year: use the date format dmy (--date-format dmy)',
    );
    expect(() => aggregate('Invoice,CustomerID,InvoiceDate,Quantity,Price\n1,A,16/06/2011,1,1\n', { dateFormat: 'mdy' })).toThrow(
      /cannot parse the date "16\/06\/2011"; expected M\/D\/YYYY\[ H:MM\]$/,
    );
    expect(() => aggregate('Invoice,CustomerID,InvoiceDate,Quantity,Price\n1,A,16/06/2011,1,1\n', { dateFormat: 'dmy' })).not.toThrow();
    expect(() => aggregate('Invoice,CustomerID,InvoiceDate,Quantity,Price\n1,A,01/06/2011 09:00,1,1\n')).not.toThrow();
    expect(() => aggregate('Invoice,CustomerID,InvoiceDate,Quantity,Price\n1,A,2020-01-01,one,1\n')).toThrow(/line 2, column "Quantity" \(4\): expected a number, got "one"/);
    expect(() => aggregate('Invoice,Client,InvoiceDate,Quantity,Price\n1,A,2020-01-01,1,1\n')).toThrow(/no customer column found \(looked for "CustomerID", "Customer ID"/);
  });

  it('refuses amounts beyond the largest number, naming the line; a line of quantity 0 is no purchase', () => {
    const header = 'Invoice,Customer ID,InvoiceDate,Quantity,Price\n';
    expect(() => aggregate(`${header}1,A,2020-01-01,1e300,1e300\n`)).toThrow(
      't.csv, line 2: the amount 1e300 × 1e300 (columns "Quantity" and "Price") is beyond the largest number; expected a quantity and a unit price',
    );
    expect(() => aggregate(`${header}1,A,2020-01-01,1,1.7e308\n2,A,2020-01-02,1,1.7e308\n`)).toThrow(
      't.csv, line 3: customer "A"\'s spend adds up beyond the largest number; expected quantities and unit prices',
    );
    expect(() => aggregate(`${header}1,A,2020-01-01,1e308,0\n2,A,2020-01-02,1e308,0\n`)).toThrow(
      't.csv, line 3: customer "A"\'s units bought add up beyond the largest number; expected quantities and unit prices',
    );
    // A's invoices of quantity 0 buy nothing: A only returned, and is left out as such; C's count once.
    const table = aggregate(`${header}1,A,2020-01-01,0,5\n4,A,2020-01-01,0,5\nC2,A,2020-01-02,-3,5\n3,B,2020-01-02,2,5\n5,C,2020-01-02,1,5\n5,C,2020-01-02,0,5\n6,C,2020-01-02,0,5\n`).finish();
    expect(table.customers.map((c) => [c.customer, c.frequency, c.returnRate])).toEqual([['B', 1, 0], ['C', 1, 0]]);
    expect(table.counts).toMatchObject({ customers: 3, customersWithoutPurchases: 1 });
  });

  it("takes a cancelled invoice's units back whatever the sign of its quantity, and drops lines without an invoice number", () => {
    const header = 'Invoice,Customer ID,InvoiceDate,Quantity,Price\n';
    // C1002 is written with a positive quantity: it still returns the 5 units, and their 10.
    const table = aggregate(`${header}1001,A,2011-01-05,5,2\nC1002,A,2011-01-06,5,2\n1003,B,2011-03-05,1,1\n,B,2011-03-06,1,1\nNA,B,2011-03-07,1,1\n`).finish();
    expect(table.customers.map((c) => [c.customer, c.frequency, c.monetary, c.returnRate])).toEqual([['A', 1, 0, 1], ['B', 1, 1, 0]]);
    expect(table.counts).toMatchObject({ rows: 5, droppedNoInvoice: 2, cancellationRows: 1 });
  });

  it('warns of negative unit prices (counted as discounts) and of a last date after today, naming their lines', () => {
    const header = 'Invoice,Customer ID,InvoiceDate,Quantity,Price\n';
    const discount = aggregate(`${header}1,A,2011-01-05,2,5\n1,A,2011-01-05,1,-3\n2,B,2011-01-06,1,-1\n`).finish();
    expect(discount.customers.map((c) => [c.customer, c.monetary])).toEqual([['A', 7], ['B', -1]]);
    expect(discount.warnings).toEqual(['2 line(s) with a negative unit price (the first on line 3) are counted as they are, as discounts (a cancelled one adds back)']);
    const typo = aggregate(`${header}1,A,2011-01-05,2,5\n2,B,2099-01-01,1,1\n3,B,2011-01-07,1,1\n`).finish();
    expect(typo.warnings).toEqual([expect.stringMatching(/^the last date, 2099-01-01 on line 3, is after today \(\d{4}-\d\d-\d\d\): recency counts back from the day after it; check that line, or give --as-of$/)]);
    expect(aggregate(`${header}1,A,2011-01-05,2,5\n2,B,2099-01-01,1,1\n`, { asOfDay: parseDay('2011-02-01') }).finish().warnings).toEqual([]);
  });

  it("takes today as the calendar date where it runs, not UTC's", () => {
    const header = 'Invoice,Customer ID,InvoiceDate,Quantity,Price\n';
    const zone = process.env.TZ;
    // 12:00 UTC on 1 June is already 2 June at UTC+14 (Kiritimati), and still 1 June at UTC-10 (Honolulu).
    vi.useFakeTimers({ now: Date.UTC(2030, 5, 1, 12), toFake: ['Date'] });
    try {
      const warnings = (lastDate: string) => aggregate(`${header}1,A,2030-05-01,2,5\n2,B,${lastDate},1,1\n`).finish().warnings;
      process.env.TZ = 'Pacific/Kiritimati';
      expect(warnings('2030-06-02')).toEqual([]);
      expect(warnings('2030-06-03')).toEqual([expect.stringContaining('is after today (2030-06-02)')]);
      process.env.TZ = 'Pacific/Honolulu';
      expect(warnings('2030-06-01')).toEqual([]);
      expect(warnings('2030-06-02')).toEqual([expect.stringContaining('is after today (2030-06-01)')]);
    } finally {
      vi.useRealTimers();
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('refuses one column in two roles, naming both', () => {
    expect(() => aggregate('InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice\n1,A,2011-01-05,2,5\n', { columns: { price: 'Quantity' } })).toThrow(
      't.csv: column "Quantity" is both the quantity and the price column; expected a column of its own for each (--quantity, --price)',
    );
  });

  it('takes its header as the other readers do: an unnamed last column, names checked, widths with the delimiter', () => {
    // Excel ends every line with a delimiter: the unnamed last column is left out, and nothing may be in it.
    const excel = TRANSACTIONS.split('\n').map((line) => `${line},`).join('\n');
    expect(aggregate(excel).finish().customers).toEqual(aggregate(TRANSACTIONS).finish().customers);
    expect(() => aggregate(`${excel}\n7,D,2020-01-08,1,1.00,oops`)).toThrow(
      't.csv, line 9, column 6: "oops" in a column with no name in the header (line 1); expected a name for every column that holds values',
    );
    // Two columns of one name: which one is the price cannot be told.
    expect(() => aggregate('Invoice,Customer ID,InvoiceDate,Quantity,Price,Price\n1,A,2020-01-01,1,1,2\n')).toThrow(
      't.csv, line 1: column name "Price" appears twice (columns 5 and 6); names must be unique',
    );
    expect(() => aggregate('Invoice;Customer ID;InvoiceDate;Quantity;Price\n1;A;2020-01-01;1\n', { delimiter: ';' })).toThrow(
      't.csv, line 2: 4 fields; expected 5 like the header (delimiter ";")',
    );
  });
});

describe('RfmAggregator.addFields', () => {
  it('reads records in place as it reads their fields split, errors included', () => {
    const generator = new Random(17);
    const pick = <T>(values: T[]): T => values[generator.nextInt(values.length)]!;
    const rows = ['Invoice,Customer ID,InvoiceDate,Quantity,Price,Note'];
    for (let i = 0; i < 3000; i++) {
      rows.push([pick(['1', '2', 'C3', ' 4 ']), pick(['A', 'B', ' C', '', 'NA', '17']), pick(['2020-01-01 10:00', '2020-01-09', '12/1/2010 8:26']),
        pick(['2', '-1', ' 3 ', '1e1', '0.5']), pick(['5.00', '1.5', '+.25', '7']), pick(['', 'x', 'y z'])].join(','));
    }
    const inPlace = aggregate(rows.join('\n'));
    const split = new RfmAggregator('t.csv');
    rows.forEach((row, i) => split.add(row.split(','), i + 1));
    expect(inPlace.finish()).toEqual(split.finish());
    for (const bad of ['1,A,2020-01-01,two,5', '1,A,2020-01-01,2', '1,A,someday,2,5']) {
      const text = `${rows[0]}\n${bad},x\n`;
      let expected: unknown;
      try {
        const aggregator = new RfmAggregator('t.csv');
        aggregator.add(rows[0]!.split(','), 1);
        aggregator.add(`${bad},x`.split(','), 2);
      } catch (error) {
        expected = error;
      }
      expect(expected, bad).toBeDefined();
      expect(() => aggregate(text), bad).toThrow((expected as Error).message);
    }
  });
});
