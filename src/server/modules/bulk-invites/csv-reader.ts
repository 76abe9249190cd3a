import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import {
  BULK_COLUMNS,
  BULK_MAX_BYTES,
  BULK_MAX_ROWS,
  BULK_TOO_LARGE_MESSAGE,
  REQUIRED_BULK_COLUMNS,
} from '../../../shared/bulk-csv.js';
import { AppError } from '../../lib/app-error.js';
import type { RawRow } from './row-validation.js';

export type CsvLimits = { maxBytes: number; maxRows: number };
export const DEFAULT_CSV_LIMITS: CsvLimits = { maxBytes: BULK_MAX_BYTES, maxRows: BULK_MAX_ROWS };

export type CsvHeader = { warnings: string[] };

const CANDIDATES = [',', ';', '\t'] as const;

/** The delimiter of the header line: the candidate found most often outside quotes. */
export function detectDelimiter(firstLine: string): string {
  const counts = new Map<string, number>(CANDIDATES.map((c) => [c, 0]));
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  for (const c of CANDIDATES) if ((counts.get(c) ?? 0) > (counts.get(best) ?? 0)) best = c;
  return best;
}

const tooLarge = (limits: CsvLimits) =>
  new AppError('file_too_large', {
    detail:
      limits === DEFAULT_CSV_LIMITS
        ? BULK_TOO_LARGE_MESSAGE
        : `The file is too large: at most ${limits.maxRows.toLocaleString('en-US')} rows and ${Math.round(limits.maxBytes / 1024 / 1024)} MB.`,
  });

/**
 * Reads an uploaded CSV as a stream, never whole: UTF-8 with or without BOM; comma, semicolon or
 * tab; quoted fields; CRLF or LF; header names in any case and order. Calls `onRow` with the
 * spreadsheet row number (header = 1) of each row that is not blank. Refuses binary input
 * (`not_csv`), a file without rows (`empty_file`), missing required columns (`missing_columns`)
 * and a file over the limits (`file_too_large`) as soon as it is seen.
 */
export async function readInvitationCsv(
  source: Readable,
  onHeader: (header: CsvHeader) => Promise<void> | void,
  onRow: (row: number, raw: RawRow) => Promise<void> | void,
  limits: CsvLimits = DEFAULT_CSV_LIMITS,
): Promise<{ rows: number }> {
  // Read through a pipe of our own: stopping early then never destroys the request itself.
  const input = new PassThrough();
  source.pipe(input);
  const texts = decodeText(input, limits);
  // The delimiter is chosen from the header line, so read until it is whole.
  let head = '';
  for (;;) {
    const next = await texts.next();
    if (next.done) break;
    head += next.value;
    if (/\r?\n/.test(head) || head.length >= 65536) break;
  }
  const parser = parse({
    delimiter: detectDelimiter(head.split(/\r?\n/, 1)[0] ?? ''),
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
  });
  const producer = (async () => {
    try {
      if (head) parser.write(head);
      for await (const text of texts) {
        if (!parser.write(text)) await once(parser, 'drain');
      }
      parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();

  let columns: Partial<Record<(typeof BULK_COLUMNS)[number], number>> | null = null;
  let recordIndex = 0;
  let rows = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      recordIndex += 1;
      if (!columns) {
        columns = readHeader(record);
        const unknown = record
          .map((h) =>
            h
              .replace(/^\uFEFF/, '')
              .trim()
              .toLowerCase(),
          )
          .filter((n) => n && !(BULK_COLUMNS as readonly string[]).includes(n));
        await onHeader({
          warnings:
            unknown.length > 0 ? [`Ignored column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`] : [],
        });
        continue;
      }
      if (record.every((cell) => cell.trim() === '')) continue;
      rows += 1;
      if (rows > limits.maxRows) throw tooLarge(limits);
      const at = columns;
      const cell = (c: (typeof BULK_COLUMNS)[number]) => {
        const i = at[c];
        return i === undefined ? '' : (record[i] ?? '');
      };
      await onRow(recordIndex, { email: cell('email'), name: cell('name'), role: cell('role'), team: cell('team') });
    }
  } catch (error) {
    // Stop parsing, and let the rest of the body flow away unread so the answer reaches the client.
    source.unpipe(input);
    input.destroy();
    parser.destroy();
    source.resume();
    await producer;
    throw asCsvError(error);
  }
  await producer;
  if (!columns)
    throw new AppError('empty_file', { detail: 'The file is empty: it needs a header row and at least one person.' });
  if (rows === 0) throw new AppError('empty_file', { detail: 'The file has a header but no rows of people.' });
  return { rows };
}

function readHeader(record: string[]): Partial<Record<(typeof BULK_COLUMNS)[number], number>> {
  const names = record.map((h) =>
    h
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase(),
  );
  const missing = REQUIRED_BULK_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    throw new AppError('missing_columns', {
      detail: `The file has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}. The first row must be the header: email,name,role,team (team is optional).`,
      extra: { missing },
    });
  }
  const columns: Partial<Record<(typeof BULK_COLUMNS)[number], number>> = {};
  for (const c of BULK_COLUMNS) if (names.includes(c)) columns[c] = names.indexOf(c);
  return columns;
}

/** Bytes to text: counts the size as it goes, refuses binary and non-UTF-8 input. */
async function* decodeText(source: Readable, limits: CsvLimits): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer | string>) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      bytes += buffer.length;
      if (bytes > limits.maxBytes) throw tooLarge(limits);
      if (buffer.includes(0))
        throw new AppError('not_csv', { detail: 'The file is not a CSV text file (it contains binary data).' });
      const text = decoder.decode(buffer, { stream: true });
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch (error) {
    throw asCsvError(error);
  }
}

function asCsvError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof TypeError && /decode|encod/i.test(error.message)) {
    return new AppError('not_csv', {
      detail: 'The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again.',
    });
  }
  const code = (error as { code?: string }).code;
  if (typeof code === 'string' && code.startsWith('CSV_')) {
    return new AppError('not_csv', { detail: `The file could not be read as CSV: ${(error as Error).message}` });
  }
  return error;
}
