/**
 * `socket.socket` as Python has it: a class that is also called like a function. `socket(...)`
 * and `new socket(...)` both make a Socket, `x instanceof socket` holds for every Socket, and
 * `class MySocket extends socket {}` subclasses it. `SocketType` is the same class.
 */

import { toCIntArg } from "./_c-args.ts";
import { keepPerChunkCallsOutOfFtl } from "./_jit-tier.ts";
import { lastErrno, libc } from "./_libc.ts";
import { fromErrno } from "./errors.ts";
import { Socket } from "./socket.ts";

const F_DUPFD_CLOEXEC = 1030;

export interface SocketClass {
  new (family?: number, type?: number, proto?: number, fileno?: number | null): Socket;
  (family?: number, type?: number, proto?: number, fileno?: number | null): Socket;
  readonly prototype: Socket;
}

/** Python's `socket.socket(family=-1, type=-1, proto=-1, fileno=None)`. */
export const socket = function socket(
  this: unknown,
  family?: number,
  type?: number,
  proto?: number,
  fileno?: number | null,
): Socket {
  return Reflect.construct(Socket, [family, type, proto, fileno], new.target ?? Socket);
} as unknown as SocketClass;
Object.defineProperty(socket, "prototype", { value: Socket.prototype });
Object.setPrototypeOf(socket, Socket);
keepPerChunkCallsOutOfFtl();

/** Python's `socket.SocketType`. */
export const SocketType = Socket;

/** Python's `socket.has_ipv6`: this build speaks IPv6. */
export const has_ipv6 = true;

/** Python's `socket.close(fd)`: closes a descriptor number. */
export function close(fd: number): void {
  const lib = libc();
  if (!lib) throw fromErrno(38);
  if (lib.close(fd) !== 0) throw fromErrno(lastErrno(lib));
}

/**
 * Python's `socket.fromfd(fd, family, type, proto=0)`: a socket on a duplicate of `fd` (a
 * listening or connected stream, such as systemd's LISTEN_FDS); `fd` itself stays open.
 */
export function fromfd(fd: number, family: number, type: number, proto = 0): Socket {
  const lib = libc();
  if (!lib) throw fromErrno(38);
  const copy = lib.fcntl(toCIntArg(fd), F_DUPFD_CLOEXEC, 0);
  if (copy < 0) throw fromErrno(lastErrno(lib));
  try {
    return new Socket(family, type, proto, copy);
  } catch (err) {
    lib.close(copy);
    throw err;
  }
}
