/**
 * Reading a text file line by line in bounded memory: the file is read in CHUNK_BYTES chunks (a
 * `.gz` file is gunzipped into one buffer first, then sliced the same way), decoded as UTF-8 across
 * chunk boundaries, and handed out one line at a time with its 1-based line number. A UTF-8
 * byte-order mark at the start and a CR before LF are dropped. No string ever holds the whole file,
 * so files larger than V8's maximum string length import, and memory stays near one chunk plus
 * what the caller keeps.
 *
 * Limitation: a gzipped file is decompressed in memory (Node has no synchronous streaming gunzip).
 */
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { gunzipSync } from "node:zlib";
import { ExecsimError } from "../core/errors.js";

export const CHUNK_BYTES = 4 * 1024 * 1024;

/** The bytes of a file in chunks; `.gz` files are gunzipped (once, cached by the caller's source). */
export class ByteSource {
  private gz: Buffer | undefined;

  /** `onBytes(n)`: called after each chunk of `n` bytes is read by forEachLine (progress). */
  constructor(
    readonly file: string,
    private readonly onBytes?: (n: number) => void,
  ) {}

  *chunks(maxBytes = Number.POSITIVE_INFINITY): Generator<Buffer> {
    if (/\.gz$/i.test(this.file)) {
      if (this.gz === undefined) {
        try {
          this.gz = gunzipSync(readFileSync(this.file));
        } catch (e) {
          throw new ExecsimError(
            "PARSE_ERROR",
            `${this.file}: not a valid gzip file (${(e as Error).message})`,
            { file: this.file },
          );
        }
      }
      const end = Math.min(this.gz.length, maxBytes);
      for (let o = 0; o < end; o += CHUNK_BYTES) yield this.gz.subarray(o, Math.min(end, o + CHUNK_BYTES));
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
    for (const c of this.chunks()) {
      this.onBytes?.(c.length);
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
