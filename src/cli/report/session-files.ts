/**
 * The files a session is copied into: `-o FILE` gets the raw bytes of both directions in the
 * order they moved (ncat's --output), `--hex-dump FILE` the hex dump. Opening is checked at
 * start-up, and a failure reads like every other OS error: `[Errno 2] No such file or
 * directory: 'dir/file'`.
 */
import { openSync, writeSync } from "node:fs";
import { errnoOf, fromErrno, strerror } from "../../socket/index.ts";

/** A file opened for writing (truncated), as Python's open(path, "wb") would report failure. */
export function openForWriting(path: string): number {
  try {
    return openSync(path, "w");
  } catch (err) {
    const errno = Math.abs((err as { errno?: number }).errno ?? errnoOf("EIO"));
    throw fromErrno(errno, { cause: err }, `${strerror(errno)}: '${path}'`);
  }
}

/** Writes all of `data` to `fd`. */
export function writeAll(fd: number, data: Uint8Array | string): void {
  let rest = typeof data === "string" ? Buffer.from(data) : data;
  while (rest.length > 0) rest = rest.subarray(writeSync(fd, rest));
}
