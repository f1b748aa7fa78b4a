/**
 * stdout as the far end of splice(2) (Linux): received bytes go socket → pipe → stdout inside
 * the kernel. When stdout is a pipe, the socket's pages go straight into it; when it is a
 * regular file or /dev/null, through a pipe of ours, emptied into stdout after each splice.
 * Anything else (a terminal, /dev/full, an O_APPEND file, which splice refuses) keeps the
 * ordinary writes, and so does every platform without libc.
 */
import { ptr } from "bun:ffi";
import { closeSync, fstatSync, readSync, writeSync } from "node:fs";
import { lastErrno, libc } from "../../socket/extensions.ts";
import { errnoOf, fromErrno } from "../../socket/index.ts";
import { StdoutClosed, StdoutFailed } from "../_errors.ts";

export interface SpliceSink {
  /** Where the socket's bytes are spliced: stdout itself when it is a pipe, else our pipe. */
  readonly pipeFd: number;
  /** True when pipeFd is stdout, which a slow reader can fill (then wait for writable()). */
  readonly direct: boolean;
  /**
   * Moves the `count` bytes just spliced into pipeFd on to stdout (nothing when direct).
   * Throws as a write to stdout would: StdoutClosed (EPIPE), StdoutFailed (ENOSPC...).
   */
  flush(count: number): void;
  /** Set once stdout turned out to refuse splice(2) after all: go back to writes. */
  readonly refused: boolean;
  close(): void;
}

const F_GETFL = 3;
const F_SETPIPE_SZ = 1031;
const O_APPEND = 0o2000;
const O_NONBLOCK = 0o4000;
const O_CLOEXEC = 0o2000000;
const SPLICE_F_MOVE = 1;
/** /dev/null's device number (major 1, minor 3). */
const DEV_NULL = 0x103;
/** Our pipe holds this much, so one splice moves up to 1 MiB (Linux's default pipe-max-size). */
const PIPE_SIZE = 1024 * 1024;
const EPIPE = errnoOf("EPIPE");
const EINTR = errnoOf("EINTR");
const EIO = errnoOf("EIO");
/** What a file system without splice support answers. */
const UNSUPPORTED = new Set(["EINVAL", "ENOSYS", "EOPNOTSUPP"].map(errnoOf));

/** The sink for descriptor `fd`, or null when its kind does not take splice(2). */
export function spliceSink(fd = 1): SpliceSink | null {
  const lib = libc();
  if (!lib) return null;
  let stat: ReturnType<typeof fstatSync>;
  try {
    stat = fstatSync(fd);
  } catch {
    return null;
  }
  if (stat.isFIFO()) return { pipeFd: fd, direct: true, refused: false, flush() {}, close() {} };
  const devNull = stat.isCharacterDevice() && stat.rdev === DEV_NULL;
  if (!devNull && !(stat.isFile() && (lib.fcntl(fd, F_GETFL, 0) & O_APPEND) === 0)) return null;
  const ends = new Int32Array(2);
  if (lib.pipe2(ptr(ends), O_CLOEXEC | O_NONBLOCK) < 0) return null;
  const [readEnd = -1, writeEnd = -1] = ends;
  // A smaller pipe only means more calls: a refusal (pipe-max-size) is no reason to stop.
  lib.fcntl(writeEnd, F_SETPIPE_SZ, PIPE_SIZE);
  let closed = false;
  let refused = false;
  return {
    pipeFd: writeEnd,
    direct: false,
    get refused() {
      return refused;
    },
    flush(count) {
      for (let left = count; left > 0; ) {
        const moved = Number(lib.splice(readEnd, null, fd, null, left, SPLICE_F_MOVE));
        if (moved > 0) {
          left -= moved;
          continue;
        }
        // Nothing moved without an error would be a pipe emptied behind our back: an I/O error.
        const errno = moved === 0 ? EIO : lastErrno(lib);
        if (errno === EINTR) continue;
        if (!UNSUPPORTED.has(errno)) throw spliceError(errno);
        // The bytes already in our pipe go on by plain writes, and so does everything after.
        refused = true;
        copyOut(readEnd, fd, left);
        return;
      }
    },
    close() {
      if (closed) return;
      closed = true;
      closeSync(readEnd);
      closeSync(writeEnd);
    },
  };
}

/** Reads `count` bytes out of our pipe and writes them to `fd` (a file: no EAGAIN there). */
function copyOut(readEnd: number, fd: number, count: number): void {
  const buffer = Buffer.allocUnsafe(count);
  const got = readSync(readEnd, buffer, 0, count, null);
  for (let at = 0; at < got; ) {
    try {
      at += writeSync(fd, buffer, at, got - at);
    } catch (err) {
      const errno = (err as { errno?: number }).errno;
      throw spliceError(Math.abs(errno ?? EIO));
    }
  }
}

/** The error a failed write to stdout would raise, for errno of a splice into it. */
export function spliceError(errno: number): Error {
  const cause = fromErrno(errno);
  if (errno === EPIPE) return new StdoutClosed("stdout closed", { cause });
  return new StdoutFailed(`stdout: ${cause.message}`, { cause });
}
