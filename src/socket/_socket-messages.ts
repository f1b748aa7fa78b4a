/**
 * Python's `sendmsg`/`recvmsg` and `send_fds`/`recv_fds`. Ancillary data is sent with
 * sendmsg(2) through libc on the descriptor Bun drives: Bun queues no writes (BUN_FACTS.md),
 * so the bytes go out in order with everything send() wrote. Receiving it is out of reach:
 * Bun reads every stream as data arrives, without room for ancillary data, and the kernel
 * closes descriptors that such a read leaves behind. recvmsg without ancillary data is recv.
 */
import { ptr } from "bun:ffi";
import { toBytes } from "./_args.ts";
import { toCInt } from "./_c-args.ts";
import { pollFds } from "./_fd-poll.ts";
import { lastErrno, libc } from "./_libc.ts";
import { SocketDescriptors } from "./_socket-descriptors.ts";
import { READINESS } from "./_transport.ts";
import { Deadline } from "./_waiting.ts";
import type { Address, AddressInput } from "./address.ts";
import { AF_UNIX, MSG_DONTWAIT, MSG_NOSIGNAL, SOCK_STREAM, SOL_SOCKET } from "./constants.ts";
import { SCM_RIGHTS } from "./constants-linux.ts";
import { errnoOf, errorFor, fromErrno, OSError, TimeoutError, ValueError } from "./errors.ts";

type Bytes = ArrayBufferView | ArrayBuffer;
/** One ancillary item, `(level, type, data)`, as Python's sendmsg takes it. */
export type AncillaryItem = readonly [level: number, type: number, data: Bytes];

const EAGAIN = errnoOf("EAGAIN");
const EINTR = errnoOf("EINTR");
const WAIT_MS = 5;

/** The control buffer: each cmsghdr (len, level, type) and its data, 8-byte aligned (LP64). */
function controlBuffer(items: { level: number; type: number; data: Uint8Array }[]): Uint8Array {
  const space = (n: number) => 16 + Math.ceil(n / 8) * 8;
  const out = new Uint8Array(items.reduce((sum, item) => sum + space(item.data.length), 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const { level, type, data } of items) {
    view.setBigUint64(at, BigInt(16 + data.length), true);
    view.setInt32(at + 8, level, true);
    view.setInt32(at + 12, type, true);
    out.set(data, at + 16);
    at += space(data.length);
  }
  return out;
}

function ancillaryItems(ancdata: Iterable<AncillaryItem>) {
  return [...ancdata].map((item) => {
    if (!Array.isArray(item) || item.length !== 3) {
      const length = Array.isArray(item) ? item.length : 0;
      throw new TypeError(
        `[sendmsg() ancillary data items]() argument must be sequence of length 3, not ${length}`,
      );
    }
    return { level: toCInt(item[0]), type: toCInt(item[1]), data: toBytes(item[2]) };
  });
}

export abstract class SocketMessages extends SocketDescriptors {
  abstract sendto(data: Bytes, flags: number, address: AddressInput): Promise<number>;
  abstract recvfrom(bufsize: number, flags?: number): Promise<[Buffer, Address | null]>;

  /**
   * Sends the buffers as one message, with ancillary data (`SCM_RIGHTS` descriptors) on a
   * connected AF_UNIX stream; without ancillary data, send() or sendto() of the joined bytes.
   */
  async sendmsg(
    buffers: Iterable<Bytes>,
    ancdata: Iterable<AncillaryItem> = [],
    flags = 0,
    address: AddressInput | null = null,
  ): Promise<number> {
    const chunks = [...buffers].map(toBytes);
    const items = ancillaryItems(ancdata);
    const flagBits = toCInt(flags);
    const joined = Buffer.concat(chunks);
    if (items.length === 0) {
      return address === null
        ? this.send(joined, flagBits)
        : this.sendto(joined, flagBits, address);
    }
    if (this.family !== AF_UNIX || this.type !== SOCK_STREAM || address !== null) {
      throw new OSError(
        errnoOf("EOPNOTSUPP"),
        "Operation not supported (ancillary data goes only over a connected AF_UNIX stream)",
      );
    }
    return this.#sendNative(joined, controlBuffer(items), flagBits);
  }

  /**
   * `[data, ancdata, msg_flags, address]`. Only with `ancbufsize` 0: Bun has read the stream
   * before any recvmsg could ask for its ancillary data, so asking for it raises OSError 95.
   */
  async recvmsg(
    bufsize: number,
    ancbufsize = 0,
    flags = 0,
  ): Promise<[Buffer, [], number, Address | null]> {
    if (toCInt(bufsize) < 0) throw new ValueError("negative buffer size in recvmsg()");
    const ancillary = toCInt(ancbufsize);
    if (ancillary < 0) throw new ValueError("invalid ancillary data buffer length");
    if (ancillary > 0) {
      throw new OSError(
        errnoOf("EOPNOTSUPP"),
        "Operation not supported (Bun reads the stream itself, so ancillary data cannot be received)",
      );
    }
    const [data, address] = await this.recvfrom(bufsize, flags);
    return [data, [], 0, address];
  }

  async #sendNative(data: Uint8Array, control: Uint8Array, flags: number): Promise<number> {
    const lib = libc();
    if (!lib) throw fromErrno(errnoOf("ENOSYS"));
    if (this.fileno() < 0) throw errorFor(this[READINESS]().closed ? "EBADF" : "ENOTCONN");
    const payload = new Uint8Array(Math.max(data.length, 1));
    payload.set(data);
    const iov = new BigUint64Array([BigInt(ptr(payload)), BigInt(data.length)]);
    const header = new BigUint64Array(7);
    header[2] = BigInt(ptr(iov));
    header[3] = 1n;
    header[4] = BigInt(ptr(control));
    header[5] = BigInt(control.length);
    const deadline =
      flags & MSG_DONTWAIT ? Deadline.NON_BLOCKING : Deadline.fromTimeout(this.gettimeout());
    for (;;) {
      const fd = this.fileno();
      if (fd < 0) throw errorFor("EBADF");
      const sent = Number(lib.sendmsg(fd, ptr(header), flags | MSG_NOSIGNAL | MSG_DONTWAIT));
      if (sent >= 0) return sent;
      const errno = lastErrno(lib);
      if (errno === EINTR) continue;
      if (errno !== EAGAIN) throw fromErrno(errno);
      if (deadline.nonBlocking) throw fromErrno(EAGAIN);
      // Bun signals drain only after its own short write, so the kernel is asked directly.
      while (!pollFds([fd]).get(fd)?.write) {
        if (deadline.remaining() <= 0) throw new TimeoutError();
        await Bun.sleep(WAIT_MS);
      }
    }
  }
}

/** Python's `socket.send_fds(sock, buffers, fds, flags=0, address=None)`. */
export function send_fds(
  sock: SocketMessages,
  buffers: Iterable<Bytes>,
  fds: Iterable<number>,
  flags = 0,
  address: AddressInput | null = null,
): Promise<number> {
  const rights = new Int32Array([...fds].map(toCInt));
  return sock.sendmsg(buffers, [[SOL_SOCKET, SCM_RIGHTS, rights]], flags, address);
}

/**
 * Python's `socket.recv_fds(sock, bufsize, maxfds, flags=0)`: out of reach on Bun (see the
 * top of this file), so it raises OSError 95 saying why; receive descriptors in python3.
 */
export function recv_fds(
  sock: SocketMessages,
  bufsize: number,
  maxfds: number,
  flags = 0,
): Promise<[Buffer, number[], number, Address | null]> {
  return sock.recvmsg(bufsize, 16 + Math.max(0, toCInt(maxfds)) * 4, flags) as never;
}
