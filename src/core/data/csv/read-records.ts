/**
 * A streaming CSV record reader: the file is read in fixed-size chunks (so a large file never sits in
 * memory as one string), decoded as UTF-8 across chunk borders, and cut into records by a small state
 * machine that follows RFC 4180: quoted fields may hold the delimiter, doubled quotes ("") and line
 * breaks; CRLF and LF both end a record; a leading byte-order mark is dropped. Each record comes with
 * the 1-based line number where it starts, so errors can name the row as an editor shows it.
 */
import * as fs from 'node:fs';

export interface CsvRecord {
  fields: string[];
  /** 1-based line of the file where the record starts (the header is line 1). */
  line: number;
}

const CHUNK = 64 * 1024;

/** Calls `onRecord` for every record, the header first; returning false stops early. */
export function readCsvRecords(
  file: string,
  onRecord: (r: CsvRecord) => boolean | void,
  opts: { delimiter?: string; chunkSize?: number } = {},
): { delimiter: string } {
  const fd = fs.openSync(file, 'r');
  const decoder = new TextDecoder('utf-8');
  const chunk = opts.chunkSize ?? CHUNK;
  const buf = Buffer.allocUnsafe(chunk);
  let delim = opts.delimiter;
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let quoteJustClosed = false;
  let line = 1;
  let recordLine = 1;
  let pendingCR = false;
  let first = true;
  let stopped = false;
  let fieldStarted = false;
  let quotedCR = false;

  const endField = (): void => {
    fields.push(field);
    field = '';
    quoteJustClosed = false;
    fieldStarted = false;
  };
  const endRecord = (): void => {
    endField();
    // A blank line (one empty field) is not a record.
    const blank = fields.length === 1 && fields[0] === '';
    if (!blank && onRecord({ fields, line: recordLine }) === false) stopped = true;
    fields = [];
  };

  const consume = (text: string): void => {
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    for (let i = 0; i < text.length && !stopped; i++) {
      const ch = text[i] as string;
      if (delim === undefined) delim = sniffDelimiter(text);
      if (pendingCR) {
        pendingCR = false;
        if (ch === '\n') continue; // the LF of a CRLF
      }
      if (inQuotes) {
        if (ch === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else if (i + 1 === text.length) {
            // The next chunk decides whether this is "" or a closing quote: keep it pending.
            pendingQuote = true;
          } else {
            inQuotes = false;
            quoteJustClosed = true;
          }
        } else {
          // A CRLF inside quotes is one line break, even when a read splits it.
          if (ch === '\r' || (ch === '\n' && !quotedCR)) line++;
          quotedCR = ch === '\r';
          field += ch;
        }
        continue;
      }
      if (ch === '"' && !fieldStarted && !quoteJustClosed) {
        inQuotes = true;
        fieldStarted = true;
        if (fields.length === 0 && field === '') recordLine = line;
      } else if (ch === delim) {
        endField();
      } else if (ch === '\n' || ch === '\r') {
        endRecord();
        line++;
        recordLine = line;
        if (ch === '\r') pendingCR = true;
      } else {
        if (fields.length === 0 && field === '' && !fieldStarted) recordLine = line;
        field += ch;
        if (ch !== ' ' && ch !== '\t') fieldStarted = true;
      }
    }
  };

  // A quote at the very end of a chunk: resolved by the next chunk's first character.
  let pendingQuote = false;
  try {
    for (;;) {
      const n = fs.readSync(fd, buf, 0, chunk, null);
      let text = n > 0 ? decoder.decode(buf.subarray(0, n), { stream: true }) : decoder.decode();
      if (pendingQuote) {
        pendingQuote = false;
        if (text[0] === '"') {
          field += '"';
          text = text.slice(1);
        } else {
          inQuotes = false;
          quoteJustClosed = true;
        }
      }
      consume(text);
      if (stopped || n === 0) break;
    }
    if (!stopped && (field !== '' || fields.length > 0 || quoteJustClosed)) endRecord();
  } finally {
    fs.closeSync(fd);
  }
  return { delimiter: delim ?? ',' };
}

/** Comma unless the first line has none and has tabs or semicolons (common European/TSV exports). */
function sniffDelimiter(text: string): string {
  const end = text.search(/\r|\n/);
  const head = end >= 0 ? text.slice(0, end) : text;
  if (head.includes(',')) return ',';
  if (head.includes('\t')) return '\t';
  if (head.includes(';')) return ';';
  return ',';
}
