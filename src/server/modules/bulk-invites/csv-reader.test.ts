import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/app-error.js';
import { detectLayout, ignoredColumnsWarning, readInvitationCsv } from './csv-reader.js';
import type { RawRow } from './row-validation.js';

const MB = 1024 * 1024;

/** A source that hands out `body` in chunks of `size` bytes, counting what has been taken. */
function source(body: string | Buffer, size = 64 * 1024) {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const taken = { bytes: 0 };
  const stream = Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length; at += size) {
        const chunk = bytes.subarray(at, at + size);
        taken.bytes += chunk.length;
        yield chunk;
      }
    })(),
  );
  return { stream, taken, total: bytes.length };
}

async function read(body: string | Buffer, size?: number) {
  const rows: { row: number; raw: RawRow }[] = [];
  let warnings: string[] = [];
  const { stream } = source(body, size);
  await readInvitationCsv(
    stream,
    (header) => {
      warnings = header.warnings;
    },
    (row, raw) => {
      rows.push({ row, raw });
    },
  );
  return { rows, warnings };
}

/**
 * Hands `prefix` to the reader, then holds the stream open without ending it: a reader that
 * refuses while reading answers; one that waits for the end of the row or file never does.
 */
async function refusalWhileReading(prefix: string): Promise<AppError> {
  const bytes = Buffer.from(prefix);
  const stream = new Readable({ read() {} });
  for (let at = 0; at < bytes.length; at += 64 * 1024) stream.push(bytes.subarray(at, at + 64 * 1024));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no refusal while the file was still arriving')), 10_000);
  });
  try {
    await Promise.race([
      readInvitationCsv(
        stream,
        () => {},
        () => {},
      ),
      deadline,
    ]);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  } finally {
    clearTimeout(timer);
    stream.destroy();
  }
  throw new Error('the file was accepted');
}

describe('detectLayout', () => {
  it('finds the delimiter and the line ending of the header, outside quotes', () => {
    expect(detectLayout('email,name,role\r\na,b,c')).toEqual({ delimiter: ',', recordDelimiter: ['\r\n'] });
    expect(detectLayout('email;name;role\nx')).toEqual({ delimiter: ';', recordDelimiter: ['\n'] });
    expect(detectLayout('email\tname\trole\rx')).toEqual({ delimiter: '\t', recordDelimiter: ['\r'] });
    expect(detectLayout('"a;b\nc",name,role\n')).toEqual({ delimiter: ',', recordDelimiter: ['\n'] });
    // No line end yet (a header longer than what was read): any of the three.
    expect(detectLayout('email,name,role').recordDelimiter).toEqual(['\r\n', '\n', '\r']);
  });
});

describe('ignoredColumnsWarning', () => {
  it('names one or a few columns', () => {
    expect(ignoredColumnsWarning(['phone'])).toBe('Ignored column: phone.');
    expect(ignoredColumnsWarning(['phone', 'notes'])).toBe('Ignored columns: phone, notes.');
  });

  it('lists at most 10, each cut to 40 characters, and counts the rest', () => {
    const names = Array.from({ length: 1234 }, (_, i) => `c${i}${'x'.repeat(100)}`);
    const warning = ignoredColumnsWarning(names);
    expect(warning.startsWith(`Ignored columns: c0${'x'.repeat(38)}…, c1`)).toBe(true);
    expect(warning.endsWith(', and 1,224 more.')).toBe(true);
    expect(warning.split('…')).toHaveLength(11);
  });
});

describe('readInvitationCsv limits', () => {
  it('refuses a header of commas while it is still arriving: not_csv, row 1', async () => {
    const error = await refusalWhileReading(`email,name,role${','.repeat(2 * MB)}`);
    expect(error.code).toBe('not_csv');
    expect(error.detail).toMatch(/^Row 1 has more than 100 columns\./);
  });

  it('refuses a row whose fields go on across quoted line breaks', async () => {
    const line = `${','.repeat(60)}"\n"`;
    const error = await refusalWhileReading(`email,name,role\na@b.io,A,admin,${line.repeat(1000)}`);
    expect(error.code).toBe('not_csv');
    expect(error.detail).toMatch(/^Row 2 has more than 100 columns\./);
  });

  it('takes 100 columns in a row, and refuses 101, naming the row', async () => {
    const ok = await read(`email,name,role\na@b.io,A,admin${','.repeat(97)}\n`);
    expect(ok.rows).toHaveLength(1);
    // A whole file this time: the parser keeps a row's last character until it sees what follows.
    const error = await read(`email,name,role\na@b.io,A,admin\nb@b.io,B,admin${','.repeat(98)}\n`).then(
      () => null,
      (refused: AppError) => refused,
    );
    expect(error?.detail).toMatch(/^Row 3 has more than 100 columns\./);
  });

  it('refuses a long cell while it is still arriving: not_csv, naming its row', async () => {
    const error = await refusalWhileReading(`email,name,role\na@b.io,A,admin\n${'x'.repeat(2 * MB)}`);
    expect(error.code).toBe('not_csv');
    expect(error.detail).toMatch(/^Row 3 is longer than 64 KB/);
    expect(error.detail.length).toBeLessThan(300);
  });

  it('refuses a quote that is never closed once the row is over the limit, not at the end of the file', async () => {
    const error = await refusalWhileReading(`email,name,role\na@b.io,"A,admin\n${'b@b.io,B,admin\n'.repeat(10_000)}`);
    expect(error.detail).toMatch(/^Row 2 is longer than 64 KB.*quote/);
  });

  it('keeps a row under the limit whole, for the validator to cut', async () => {
    const { rows } = await read(`email,name,role\n${'e'.repeat(60_000)},A,admin\n`);
    expect(rows[0]?.raw.email).toHaveLength(60_000);
  });

  it('reads a file sent a byte at a time, emoji and all', async () => {
    const { rows } = await read('email,name,role\r\nz@b.io,Zoë 🙂 Åberg,admin\r\n', 1);
    expect(rows).toEqual([{ row: 2, raw: { email: 'z@b.io', name: 'Zoë 🙂 Åberg', role: 'admin', team: '' } }]);
  });

  it('never splits an emoji where it cuts text into pieces for the parser', async () => {
    // Emoji on both sides of every 16 K boundary of one large chunk.
    const name = '🙂'.repeat(10_000);
    const { rows } = await read(`email,name,role\na@b.io,${name},admin\n`, 4 * MB);
    expect(rows[0]?.raw.name).toBe(name);
  });

  it('reads a file with classic Mac line endings (CR only)', async () => {
    const { rows } = await read('email,name,role\ra@b.io,A,admin\rb@b.io,B,admin\r');
    expect(rows.map((r) => r.raw.email)).toEqual(['a@b.io', 'b@b.io']);
  });
});
