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

/** Fills each of `into` in turn from `position` of `fd` (one readv a pass); throws `short` when the file ends first. */
export function readvFully(fd: number, into: readonly Uint8Array[], position: number, short: string): void {
  let views = into.filter((v) => v.length);
  for (let at = position; views.length; ) {
    const n = fs.readvSync(fd, views.slice(0, IOV_MAX), at);
    if (n <= 0) throw new Error(short);
    at += n;
    views = rest(views, n);
  }
}

/** Writes each of `bytes` in turn from `position` of `fd` (one writev a pass). */
export function writevFully(fd: number, bytes: readonly Uint8Array[], position: number): void {
  let views = bytes.filter((v) => v.length);
  for (let at = position; views.length; ) {
    const n = fs.writevSync(fd, views.slice(0, IOV_MAX), at);
    at += n;
    views = rest(views, n);
  }
}

/** Views one readv or writev may take (Linux's IOV_MAX). */
const IOV_MAX = 1024;

/** The views left once their first `done` bytes have moved. */
function rest(views: Uint8Array[], done: number): Uint8Array[] {
  let i = 0;
  for (; i < views.length && done >= views[i].length; i++) done -= views[i].length;
  const left = views.slice(i);
  if (left.length && done) left[0] = left[0].subarray(done);
  return left;
}
