/**
 * Python's `socket.sendfile(file, offset=0, count=None)`: the argument checks of
 * `_check_sendfile_params`, the kernel path where the transport has one (sendfile(2) on a
 * Linux stream), and otherwise `_sendfile_use_send`'s reads and sends. Afterwards the file's
 * position is `offset` plus the bytes sent, as CPython's `file.seek` leaves it.
 */
import { libc } from "./_libc.ts";
import { nodeFs } from "./_node-modules.ts";
import type { SendProgress, Transport } from "./_transport.ts";
import { pyTypeName, toInteger } from "./address.ts";
import { SOCK_STREAM } from "./constants.ts";
import { fromBunError, ValueError } from "./errors.ts";

/**
 * What sendfile reads: a file descriptor, a path (opened and closed around the call), or an
 * object with `fileno()` (Python's file objects) or `fd` (node:fs FileHandle). A `mode`
 * without "b" is refused, as Python refuses text files.
 */
export type SendfileSource =
  | number
  | string
  | { fileno(): number; mode?: string }
  | { fd: number; mode?: string };

/** What of the socket sendfile uses. */
export interface SendfileTarget {
  readonly type: number;
  sendall(data: Uint8Array): Promise<void>;
}

/** The fallback's read size (CPython reads 8192; larger reads only mean fewer calls). */
const BLOCK = 64 * 1024;
const SEEK_SET = 0;

/** file.seek(position) on a descriptor; where libc is not at hand the position stays. */
function seek(fd: number, position: number): void {
  libc()?.lseek(fd, position, SEEK_SET);
}

function repr(value: unknown): string {
  return typeof value === "string" ? `'${value}'` : String(value);
}

/** _check_sendfile_params, in CPython's order; returns the count as a number or null. */
function checkParams(sock: SendfileTarget, file: SendfileSource, count: unknown): number | null {
  const mode = typeof file === "object" && file !== null ? file.mode : undefined;
  if (typeof mode === "string" && !mode.includes("b")) {
    throw new ValueError("file should be opened in binary mode");
  }
  if (!(sock.type & SOCK_STREAM)) {
    throw new ValueError("only SOCK_STREAM type sockets are supported");
  }
  if (count === null || count === undefined) return null;
  const integer =
    (typeof count === "number" && Number.isInteger(count)) ||
    typeof count === "bigint" ||
    typeof count === "boolean";
  if (!integer) {
    throw new TypeError(`count must be a positive integer (got ${repr(count)})`);
  }
  const value = toInteger(count);
  if (value <= 0) throw new ValueError(`count must be a positive integer (got ${repr(count)})`);
  return value;
}

function descriptorOf(file: SendfileSource): number {
  if (typeof file === "number") return file;
  if (typeof file === "object" && file !== null) {
    if ("fileno" in file && typeof file.fileno === "function") return toInteger(file.fileno());
    if ("fd" in file && typeof file.fd === "number") return file.fd;
  }
  throw new TypeError(
    `sendfile() needs a file descriptor, a path or fileno(), not ${pyTypeName(file)}`,
  );
}

/** The file's size, or null when fstat fails (CPython then gives up on the kernel path). */
function sizeOf(fd: number): number | null {
  try {
    return nodeFs().fstatSync(fd).size;
  } catch {
    return null;
  }
}

/** socket.sendfile: resolves with the number of bytes sent. */
export async function sendfile(
  sock: SendfileTarget,
  transport: Transport,
  file: SendfileSource,
  offsetArg: unknown,
  countArg: unknown,
  timeout: number | null,
): Promise<number> {
  const count = checkParams(sock, file, countArg);
  const offset = toInteger(offsetArg);
  const opened = typeof file === "string" ? nodeFs().openSync(file, "r") : null;
  const fd = opened ?? descriptorOf(file);
  const progress: SendProgress = { sent: 0 };
  try {
    const size = sizeOf(fd);
    if (transport.sendfile && size !== null) {
      if (size === 0) return 0; // CPython's kernel path stops at an empty (or unsized) file
      if (timeout === 0) throw new ValueError("non-blocking sockets are not supported");
      if (await transport.sendfile({ fd, offset, count, size }, timeout, progress))
        return progress.sent;
    }
    if (timeout === 0) throw new ValueError("non-blocking sockets are not supported");
    await sendByReads(sock, fd, offset, count, progress);
    return progress.sent;
  } finally {
    if (opened !== null) nodeFs().closeSync(opened);
    else if (progress.sent > 0) seek(fd, offset + progress.sent);
  }
}

/** `_sendfile_use_send`: reads from `offset` (or the current position when 0) and sendall. */
async function sendByReads(
  sock: SendfileTarget,
  fd: number,
  offset: number,
  count: number | null,
  progress: SendProgress,
): Promise<void> {
  if (offset < 0) throw new ValueError(`negative seek position ${offset}`);
  const buffer = Buffer.allocUnsafe(count === null ? BLOCK : Math.min(count, BLOCK));
  for (;;) {
    const total = progress.sent;
    const want = count === null ? buffer.length : Math.min(count - total, buffer.length);
    if (want <= 0) return;
    let length: number;
    try {
      length = nodeFs().readSync(fd, buffer, 0, want, offset ? offset + total : null);
    } catch (err) {
      throw fromBunError(err);
    }
    if (length === 0) return;
    // sendall resolves once the kernel has every byte, so the buffer is free to reuse.
    await sock.sendall(buffer.subarray(0, length));
    progress.sent += length;
  }
}
