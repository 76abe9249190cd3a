import type { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { FastifyReply } from 'fastify';
import { neutraliseFormula } from './csv-safety.js';

export type WriteRow = (cells: string[]) => Promise<void>;

/**
 * A CSV download built row by row as the rows are read, with CRLF line ends and every cell made
 * safe to open in a spreadsheet; `fill` writes the rows (back-pressure respected).
 */
export function safeCsv(columns: string[], fill: (write: WriteRow) => Promise<void>): Readable {
  const out = stringify({ header: true, columns, record_delimiter: 'windows' });
  const write: WriteRow = async (cells) => {
    if (!out.write(cells.map(neutraliseFormula))) await new Promise((r) => out.once('drain', r));
  };
  fill(write)
    .then(() => out.end())
    .catch((err: unknown) => out.destroy(err as Error));
  return out;
}

/** Sends a CSV as a download named `fileName` (kept to safe characters). */
export function sendCsv(reply: FastifyReply, fileName: string, stream: Readable) {
  const safeName = fileName.replace(/[^\w.-]+/g, '-');
  return (
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${safeName}"`)
      // A stream is sent as it is, past the serializer; the route's schema documents what it carries.
      .send(stream as unknown as string)
  );
}
