/**
 * Reading a text file line by line in bounded memory: the file is read in CHUNK_BYTES chunks (a
 * `.gz` file is gunzipped as it is read, by fflate's synchronous streaming Gunzip, in GZ_CHUNK_BYTES
 * compressed chunks), decoded as UTF-8 across chunk boundaries, and handed out one line at a time
 * with its 1-based line number. A UTF-8 byte-order mark at the start and a CR before LF are dropped.
 * No string or buffer ever holds the whole file, so files larger than V8's maximum string length
 * import, and memory stays near one chunk (for .gz: one compressed chunk and what it inflates to)
 * plus what the caller keeps.
 *
 * Gzip integrity: fflate checks the deflate structure (a damaged or cut-short stream is an error);
 * the CRC-32 and length in each member's trailer are checked here (node:zlib crc32), as gunzip
 * does, so a damaged file is a PARSE_ERROR, never silently different numbers. Multi-member files
 * (concatenated .gz) are read to the end, each member checked.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { crc32 } from "node:zlib";
import { Gunzip } from "fflate";
import { ExecsimError } from "../core/errors.js";

export const CHUNK_BYTES = 4 * 1024 * 1024;
/** Compressed bytes per gunzip step: market CSVs inflate 3-10x, and deflate at most ~1,032x (66 MB). */
export const GZ_CHUNK_BYTES = 64 * 1024;

function badGzip(file: string, why: string): ExecsimError {
  return new ExecsimError(
    "PARSE_ERROR",
    `${file}: not a valid gzip file (${why}); check the download (gzip -t ${file}) or import the uncompressed file`,
    { file },
  );
}

/**
 * The inflated bytes of a .gz file, streamed: each compressed chunk is pushed through a Gunzip and
 * what it gives is yielded; every member's trailer (CRC-32, length mod 2^32) is checked.
 */
function* gunzipChunks(file: string, maxBytes: number, onInput?: (n: number) => void): Generator<Buffer> {
  const fd = openSync(file, "r");
  try {
    const size = fstatSync(fd).size;
    const out: Uint8Array[] = [];
    let crc = 0;
    let len = 0;
    const trailer = Buffer.alloc(8);
    // the member that ends just before compressed offset `end` must match its trailer
    const checkMember = (end: number) => {
      if (end < 8 || readSync(fd, trailer, 0, 8, end - 8) !== 8) throw badGzip(file, "no gzip trailer");
      if (trailer.readUInt32LE(0) !== crc >>> 0 || trailer.readUInt32LE(4) !== len % 2 ** 32)
        throw badGzip(file, "its CRC-32 or length does not match the data: the file is damaged");
      crc = 0;
      len = 0;
    };
    const gz = new Gunzip((data) => {
      crc = crc32(data, crc);
      len += data.length;
      out.push(data);
    });
    gz.onmember = (offset) => checkMember(offset);
    let pos = 0;
    let given = 0;
    for (;;) {
      // a fresh buffer per step: the Gunzip may keep a reference to the unconsumed tail of the last one
      const chunk = Buffer.allocUnsafe(Math.min(GZ_CHUNK_BYTES, Math.max(0, size - pos)));
      const n = chunk.length > 0 ? readSync(fd, chunk, 0, chunk.length, pos) : 0;
      pos += n;
      onInput?.(n);
      const final = n === 0 || pos >= size;
      try {
        gz.push(chunk.subarray(0, n), final);
      } catch (e) {
        if (e instanceof ExecsimError) throw e;
        throw badGzip(file, (e as Error).message);
      }
      while (out.length > 0) {
        const d = out.shift()!;
        const take = Math.min(d.length, maxBytes - given);
        given += take;
        yield Buffer.from(d.buffer, d.byteOffset, take);
        if (given >= maxBytes) return;
      }
      if (final) break;
    }
    checkMember(size);
  } finally {
    closeSync(fd);
  }
}

/** Hands out lines (without their line break) with 1-based numbers until `fn` returns false. */
export type LineIterator = (fn: (line: string, lineNo: number) => boolean | undefined) => void;

/** The lines of an in-memory text as ByteSource.forEachLine gives them (BOM and CR dropped). */
export function textLines(text: string): LineIterator {
  return (fn) => {
    let start = 0;
    for (let lineNo = 1; ; lineNo++) {
      const nl = text.indexOf("\n", start);
      let l = text.slice(start, nl < 0 ? text.length : nl);
      if (lineNo === 1 && l.charCodeAt(0) === 0xfeff) l = l.slice(1);
      if (fn(l.endsWith("\r") ? l.slice(0, -1) : l, lineNo) === false || nl < 0) return;
      start = nl + 1;
    }
  };
}

/** Line breaks in `text` plus one (the capacity a parser of its lines needs). */
export function countTextLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/** The bytes of a file in chunks; `.gz` files are gunzipped as they are read (each pass anew). */
export class ByteSource {
  /** `onBytes(n)`: called as forEachLine reads `n` bytes of the file (compressed for .gz; progress). */
  constructor(
    readonly file: string,
    private readonly onBytes?: (n: number) => void,
  ) {}

  /** The file's (inflated) bytes; `onInput(n)` is told of every `n` bytes read from the file itself. */
  *chunks(maxBytes = Number.POSITIVE_INFINITY, onInput?: (n: number) => void): Generator<Buffer> {
    if (/\.gz$/i.test(this.file)) {
      yield* gunzipChunks(this.file, maxBytes, onInput);
      return;
    }
    const fd = openSync(this.file, "r");
    try {
      const buf = Buffer.allocUnsafe(CHUNK_BYTES);
      let total = 0;
      while (total < maxBytes) {
        const n = readSync(fd, buf, 0, Math.min(CHUNK_BYTES, maxBytes - total), null);
        if (n === 0) break;
        total += n;
        onInput?.(n);
        yield buf.subarray(0, n);
      }
    } finally {
      closeSync(fd);
    }
  }

  /** Number of line breaks plus one (an upper bound on the number of non-blank lines). */
  countLines(): number {
    let n = 1;
    for (const c of this.chunks()) {
      let i = c.indexOf(10);
      while (i >= 0) {
        n++;
        i = c.indexOf(10, i + 1);
      }
    }
    return n;
  }

  /** The first `maxBytes` bytes as text (for sniffing the format). */
  head(maxBytes = 64 * 1024): string {
    const d = new StringDecoder("utf8");
    let s = "";
    for (const c of this.chunks(maxBytes)) s += d.write(c);
    return s.replace(/^\uFEFF/, "");
  }

  /**
   * Call `fn(line, lineNo)` for every line (without its line break); stop early when it returns
   * false. Blank lines are passed too (callers skip them).
   */
  forEachLine(fn: (line: string, lineNo: number) => boolean | undefined): void {
    const d = new StringDecoder("utf8");
    let carry = "";
    let lineNo = 0;
    let first = true;
    const emit = (l: string): boolean => {
      lineNo++;
      if (first) {
        first = false;
        if (l.charCodeAt(0) === 0xfeff) l = l.slice(1);
      }
      return fn(l.endsWith("\r") ? l.slice(0, -1) : l, lineNo) !== false;
    };
    for (const c of this.chunks(Number.POSITIVE_INFINITY, this.onBytes)) {
      const text = carry + d.write(c);
      let start = 0;
      let nl = text.indexOf("\n");
      while (nl >= 0) {
        if (!emit(text.slice(start, nl))) return;
        start = nl + 1;
        nl = text.indexOf("\n", start);
      }
      carry = text.slice(start);
    }
    carry += d.end();
    if (carry !== "") emit(carry);
  }
}
