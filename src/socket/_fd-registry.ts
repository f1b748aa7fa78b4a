/**
 * The sockit socket behind a descriptor number. Bun reads a socket's data out of the kernel
 * as it arrives, so asking the kernel about that descriptor would be wrong: select() given
 * `sock.fileno()` looks up the socket here and asks it instead. Sockets register themselves
 * when their fileno() is read, which is how a script comes by the number.
 */
import { ValueError } from "./errors.ts";

const byFd = new Map<number, WeakRef<object>>();

export function rememberFd<T extends object>(owner: T, fd: number): number {
  if (fd >= 0 && byFd.get(fd)?.deref() !== owner) byFd.set(fd, new WeakRef(owner));
  return fd;
}

/** The socket whose fileno() is `fd` now, if it is one of ours. */
export function socketForFd(fd: number, currentFd: (owner: object) => number): object | null {
  const owner = byFd.get(fd)?.deref();
  if (!owner) return null;
  if (currentFd(owner) === fd) return owner;
  byFd.delete(fd);
  return null;
}

/**
 * Python's `PyObject_AsFileDescriptor`: an int, or the int `fileno()` returns. Besides
 * Python's, an object with a numeric `fd` (process.stdin, a FileHandle) is taken too.
 */
export function fileDescriptorOf(item: unknown): number {
  let fd: unknown = item;
  if (typeof item === "object" && item !== null) {
    const { fileno, fd: own } = item as { fileno?: unknown; fd?: unknown };
    if (typeof fileno === "function") {
      fd = fileno.call(item);
      if (!Number.isInteger(fd)) throw new TypeError("fileno() returned a non-integer");
    } else if (typeof own === "number") fd = own;
  }
  if (typeof fd !== "number" || !Number.isInteger(fd)) {
    throw new TypeError("argument must be an int, or have a fileno() method.");
  }
  if (fd < 0) throw new ValueError(`file descriptor cannot be a negative integer (${fd})`);
  return fd;
}
