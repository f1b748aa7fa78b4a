/**
 * `socket.socket` as Python has it: a class that is also called like a function. `socket(...)`
 * and `new socket(...)` both make a Socket, `x instanceof socket` holds for every Socket, and
 * `class MySocket extends socket {}` subclasses it. `SocketType` is the same class.
 */
import { lastErrno, libc } from "./_libc.ts";
import { fromErrno } from "./errors.ts";
import { Socket } from "./socket.ts";

export interface SocketClass {
  new (family?: number, type?: number, proto?: number): Socket;
  (family?: number, type?: number, proto?: number): Socket;
  readonly prototype: Socket;
}

/** Python's `socket.socket(family=AF_INET, type=SOCK_STREAM, proto=0)`. */
export const socket = function socket(
  this: unknown,
  family?: number,
  type?: number,
  proto?: number,
): Socket {
  return Reflect.construct(Socket, [family, type, proto], new.target ?? Socket);
} as unknown as SocketClass;
Object.defineProperty(socket, "prototype", { value: Socket.prototype });
Object.setPrototypeOf(socket, Socket);

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
