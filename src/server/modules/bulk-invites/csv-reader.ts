import { PassThrough, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import {
  BULK_COLUMNS,
  BULK_ECHO_CHARS,
  BULK_MAX_BYTES,
  BULK_MAX_COLUMNS,
  BULK_MAX_LISTED_COLUMNS,
  BULK_MAX_RECORD_SIZE,
  BULK_MAX_ROWS,
  BULK_TOO_LARGE_MESSAGE,
  cutText,
  REQUIRED_BULK_COLUMNS,
} from '../../../shared/bulk-csv.js';
import { AppError } from '../../lib/app-error.js';
import type { RawRow } from './row-validation.js';

export type CsvLimits = { maxBytes: number; maxRows: number; maxRecordSize: number; maxColumns: number };
export const DEFAULT_CSV_LIMITS: CsvLimits = {
  maxBytes: BULK_MAX_BYTES,
  maxRows: BULK_MAX_ROWS,
  maxRecordSize: BULK_MAX_RECORD_SIZE,
  maxColumns: BULK_MAX_COLUMNS,
};

export type CsvHeader = { warnings: string[] };

const CANDIDATES = [',', ';', '\t'] as const;
/** The parser is given text in pieces of at most this many characters, its row checked between them. */
const PIECE_CHARS = 16 * 1024;

/**
 * The field delimiter (the candidate found most often outside quotes on the header line) and the
 * line ending that ends that line (CRLF, LF or a lone CR), from the start of the file. Given to
 * the parser, the line ending spares it guessing again at every character of a long first line.
 */
export function detectLayout(head: string): { delimiter: string; recordDelimiter: string[] } {
  const counts = new Map<string, number>(CANDIDATES.map((c) => [c, 0]));
  let quoted = false;
  let recordDelimiter = ['\r\n', '\n', '\r'];
  for (let i = 0; i < head.length; i++) {
    const ch = head[i] as string;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      recordDelimiter = [ch === '\r' && head[i + 1] === '\n' ? '\r\n' : ch];
      break;
    } else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  for (const c of CANDIDATES) if ((counts.get(c) ?? 0) > (counts.get(best) ?? 0)) best = c;
  return { delimiter: best, recordDelimiter };
}

const count = (n: number) => n.toLocaleString('en-US');

const tooManyColumns = (row: number, limits: CsvLimits) =>
  new AppError('not_csv', {
    detail: `Row ${count(row)} has more than ${count(limits.maxColumns)} columns. The file needs the columns email, name, role and team (optional); remove the others, or empty columns after them.`,
  });

const recordTooLong = (row: number, limits: CsvLimits) =>
  new AppError('not_csv', {
    detail: `Row ${count(row)} is longer than ${Math.round(limits.maxRecordSize / 1024)} KB, far more than an email, a name, a role and a team. Check that every quote (") in it is closed.`,
  });

const tooLarge = (limits: CsvLimits) =>
  new AppError('file_too_large', {
    detail:
      limits === DEFAULT_CSV_LIMITS
        ? BULK_TOO_LARGE_MESSAGE
        : `The file is too large: at most ${limits.maxRows.toLocaleString('en-US')} rows and ${Math.round(limits.maxBytes / 1024 / 1024)} MB.`,
  });

/**
 * Reads an uploaded CSV as a stream, never whole: UTF-8 with or without BOM; comma, semicolon or
 * tab; quoted fields; CRLF, LF or CR; header names in any case and order. Calls `onRow` with the
 * spreadsheet row number (header = 1) of each row that is not blank. Refuses binary input
 * (`not_csv`), a file without rows (`empty_file`), missing required columns (`missing_columns`)
 * and a file over the limits (`file_too_large`) as soon as it is seen. A row with more columns
 * or characters than the limits is refused (`not_csv`, naming the row) while it is read: the
 * parser never holds more than one bounded row, so the cost of a file follows its rows.
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
    // Only the new text is searched: a file sent a byte at a time costs no more than one sent whole.
    if (/[\r\n]/.test(next.value) || head.length >= 65536) break;
  }
  const layout = detectLayout(head);
  const parser = parse({
    delimiter: layout.delimiter,
    record_delimiter: layout.recordDelimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    // Characters of one row, counted as they arrive: a 19 MB cell stops here, not in memory.
    max_record_size: limits.maxRecordSize,
  });
  // csv-parse counts the characters of a row but not its fields, and a row of commas is all
  // fields: its row in progress is read between pieces of text, so such a row stops at the limit.
  // A `cast` function would see each field, but costs an object per field (5× slower). The stream
  // keeps `state` for compatibility; csv-reader.test.ts fails if a new version drops it.
  const inProgress = (parser as unknown as { state?: { record?: unknown[] } }).state;
  const checkOpenRow = () => {
    if ((inProgress?.record?.length ?? 0) > limits.maxColumns) {
      throw tooManyColumns(parser.info.records + 1, limits);
    }
  };
  // Ends when the parser can take more text, or is done (refused the file, or stopped by the reader).
  const writable = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        parser.off('drain', done).off('close', done).off('error', done);
        resolve();
      };
      parser.on('drain', done).on('close', done).on('error', done);
    });
  const feed = async (text: string) => {
    for (let at = 0; at < text.length && !parser.destroyed; ) {
      let end = Math.min(at + PIECE_CHARS, text.length);
      // Never between the two halves of an emoji.
      const last = text.charCodeAt(end - 1);
      if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
      const more = parser.write(text.slice(at, end));
      checkOpenRow();
      if (!more) {
        await writable();
        checkOpenRow();
      }
      at = end;
    }
  };
  const producer = (async () => {
    try {
      if (head) await feed(head);
      for await (const text of texts) {
        if (parser.destroyed) return;
        await feed(text);
      }
      if (!parser.destroyed) parser.end();
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
      if (record.length > limits.maxColumns) throw tooManyColumns(recordIndex, limits);
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
        await onHeader({ warnings: unknown.length > 0 ? [ignoredColumnsWarning(unknown)] : [] });
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
    throw asCsvError(error, limits);
  }
  await producer;
  if (!columns)
    throw new AppError('empty_file', { detail: 'The file is empty: it needs a header row and at least one person.' });
  if (rows === 0) throw new AppError('empty_file', { detail: 'The file has a header but no rows of people.' });
  return { rows };
}

/** Names the first few ignored columns, each cut short, and counts the rest. */
export function ignoredColumnsWarning(names: string[]): string {
  const listed = names.slice(0, BULK_MAX_LISTED_COLUMNS).map((n) => cutText(n, BULK_ECHO_CHARS));
  const rest = names.length - listed.length;
  return `Ignored column${names.length > 1 ? 's' : ''}: ${listed.join(', ')}${rest > 0 ? `, and ${count(rest)} more` : ''}.`;
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
    throw asCsvError(error, limits);
  }
}

function asCsvError(error: unknown, limits: CsvLimits = DEFAULT_CSV_LIMITS): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof TypeError && /decode|encod/i.test(error.message)) {
    return new AppError('not_csv', {
      detail: 'The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again.',
    });
  }
  const { code, records } = error as { code?: string; records?: number };
  if (code === 'CSV_MAX_RECORD_SIZE') return recordTooLong((records ?? 0) + 1, limits);
  if (typeof code === 'string' && code.startsWith('CSV_')) {
    return new AppError('not_csv', {
      detail: `The file could not be read as CSV: ${cutText((error as Error).message, 200)}`,
    });
  }
  return error;
}
