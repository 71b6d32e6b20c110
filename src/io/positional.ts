// Whole reads and writes at a file position: fs.readSync and fs.writeSync may move fewer
// bytes than asked, so each loops until every byte is moved (the search index's vectors,
// documents and pending rows are read and written this way).
import fs from 'node:fs';

/** Fills `into` from `position` of `fd`; throws `short` (a user-facing message) when the file ends first. */
export function readFully(fd: number, into: Uint8Array, position: number, short: string): void {
  for (let done = 0; done < into.length; ) {
    const n = fs.readSync(fd, into, done, into.length - done, position + done);
    if (n <= 0) throw new Error(short);
    done += n;
  }
}

/** Writes all of `bytes` at `position` of `fd`. */
export function writeFully(fd: number, bytes: Uint8Array, position: number): void {
  for (let done = 0; done < bytes.length; ) done += fs.writeSync(fd, bytes, done, bytes.length - done, position + done);
}
