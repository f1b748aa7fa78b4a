/**
 * What the file objects of `makefile()` share: Python's io errors, the io reference count that
 * keeps a socket open while one of its files is, and the socket calls a file needs.
 */
import { OSError, ValueError } from "../errors.ts";

/** Python's `io.DEFAULT_BUFFER_SIZE`. */
export const DEFAULT_BUFFER_SIZE = 8192;

/** Python's `io.UnsupportedOperation` (an OSError and, in Python, also a ValueError). */
export class UnsupportedOperation extends OSError {
  override name = "UnsupportedOperation";
  constructor(message: string) {
    super(message);
  }
}

/** The part of a socket a file object uses. */
export interface FileSocket {
  recv_into(buffer: ArrayBufferView, nbytes?: number, flags?: number): Promise<number>;
  send(data: ArrayBufferView, flags?: number): Promise<number>;
  fileno(): number;
  close(): void;
}

/** Raises Python's ValueError for an operation on a closed file. */
export function checkOpen(closed: boolean, message = "I/O operation on closed file."): void {
  if (closed) throw new ValueError(message);
}

interface IoRefs {
  files: number;
  closeRequested: boolean;
}

const refs = new WeakMap<object, IoRefs>();

/** A file now holds `sock` open (Python's `_io_refs += 1`). */
export function holdSocket(sock: object): void {
  const entry = refs.get(sock) ?? { files: 0, closeRequested: false };
  entry.files++;
  refs.set(sock, entry);
}

/** A file let go of `sock`; the socket really closes if close() was called meanwhile. */
export function releaseSocket(sock: FileSocket): void {
  const entry = refs.get(sock);
  if (!entry) return;
  entry.files--;
  if (entry.files > 0) return;
  refs.delete(sock);
  if (entry.closeRequested) sock.close();
}

/**
 * Called by Socket.close(): true when files still hold the socket, so the close is deferred
 * until the last of them is closed, as Python's socket.close() defers `_real_close()`.
 */
export function deferClose(sock: object): boolean {
  const entry = refs.get(sock);
  if (!entry || entry.files === 0) return false;
  entry.closeRequested = true;
  return true;
}

/** True once close() was called on a socket that files still hold (its repr says [closed]). */
export function closeRequested(sock: object): boolean {
  return refs.get(sock)?.closeRequested ?? false;
}
