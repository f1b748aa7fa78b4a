/**
 * A socket made from a descriptor someone else opened: `socket(fileno=fd)` and `fromfd()`, as
 * systemd socket activation hands them over (LISTEN_FDS). The kernel says what the descriptor
 * is (getsockopt, getsockname, getpeername through libc); Bun then drives it as it is.
 */
import { ptr } from "bun:ffi";
import { toCIntArg } from "./_c-args.ts";
import { lastErrno, libc } from "./_libc.ts";
import { markListening } from "./_socket-options.ts";
import { adoption, type Transport } from "./_transport.ts";
import type { Address } from "./address.ts";
import { AF_INET, AF_INET6, SO_ACCEPTCONN, SO_TYPE, SOCK_STREAM, SOL_SOCKET } from "./constants.ts";
import { SO_DOMAIN, SO_PROTOCOL } from "./constants-linux.ts";
import { errnoOf, fromErrno, OSError, ValueError } from "./errors.ts";
import { adoptStream } from "./stream/_adopt.ts";

/** What the kernel says about a socket descriptor. */
export interface FdFacts {
  family: number;
  type: number;
  proto: number;
  listening: boolean;
  local: Address;
  /** null when it is not connected. */
  peer: Address | null;
}

type Lib = NonNullable<ReturnType<typeof libc>>;

function intOption(lib: Lib, fd: number, name: number): number {
  const cell = new Int32Array(1);
  const length = new Uint32Array([4]);
  if (lib.getsockopt(fd, SOL_SOCKET, name, ptr(cell), ptr(length)) !== 0) {
    throw fromErrno(lastErrno(lib));
  }
  return cell[0] ?? 0;
}

function ipv6Text(bytes: Uint8Array): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2)
    groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  // inet_ntop's form: the longest run of two or more zero groups becomes "::".
  let [best, bestLength] = [-1, 1];
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > bestLength) [best, bestLength] = [i, j - i];
  }
  if (best < 0) return groups.join(":");
  const head = groups.slice(0, best).join(":");
  const tail = groups.slice(best + bestLength).join(":");
  return `${head}::${tail}`;
}

/** A sockaddr as Python shows it: (host, port), (host, port, flowinfo, scope_id), or a path. */
export function decodeSockaddr(raw: Uint8Array, length: number): Address {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const family = view.getUint16(0, true);
  if (family === AF_INET) return [raw.subarray(4, 8).join("."), view.getUint16(2)];
  if (family === AF_INET6) {
    const host = ipv6Text(raw.subarray(8, 24));
    return [host, view.getUint16(2), view.getUint32(4), view.getUint32(24, true)];
  }
  const path = Buffer.from(raw.subarray(2, length));
  // A filesystem path ends at its NUL; an abstract name (leading NUL) is all its bytes.
  const end = path[0] === 0 ? path.length : path.indexOf(0);
  return path.subarray(0, end < 0 ? path.length : end).toString("latin1");
}

function nameOf(lib: Lib, fd: number, peer: boolean): Address | null {
  const raw = new Uint8Array(128);
  const length = new Uint32Array([raw.length]);
  const call = peer ? lib.getpeername : lib.getsockname;
  if (call(fd, ptr(raw), ptr(length)) !== 0) {
    const errno = lastErrno(lib);
    if (peer && errno === errnoOf("ENOTCONN")) return null;
    throw fromErrno(errno);
  }
  return decodeSockaddr(raw, length[0] ?? 0);
}

/** Asks the kernel about `fd`; EBADF or ENOTSOCK as CPython raises them. */
export function describeFd(fd: number): FdFacts {
  const lib = libc();
  if (!lib) throw fromErrno(errnoOf("ENOSYS"));
  const type = intOption(lib, fd, SO_TYPE);
  return {
    family: intOption(lib, fd, SO_DOMAIN),
    type,
    proto: intOption(lib, fd, SO_PROTOCOL),
    listening: type === SOCK_STREAM && intOption(lib, fd, SO_ACCEPTCONN) !== 0,
    local: nameOf(lib, fd, false) ?? "",
    peer: nameOf(lib, fd, true),
  };
}

export interface Adopted {
  kind: [family: number, type: number, proto: number];
  transport?: Transport;
}

/**
 * What a new Socket starts with: the transport accept() or ssl left in `adoption`, the
 * descriptor `fileno` driven as it is, or nothing (a fresh socket). -1 means "ask the
 * descriptor", or AF_INET, SOCK_STREAM, 0 without one, as in CPython.
 */
export function adopt(family: unknown, type: unknown, proto: unknown, fileno: unknown): Adopted {
  const given = adoption.transport;
  adoption.transport = undefined;
  const kind = [toCIntArg(family), toCIntArg(type), toCIntArg(proto)] as const;
  if (given || fileno === null || fileno === undefined) {
    const [f, t, p] = kind;
    return {
      kind: [f === -1 ? AF_INET : f, t === -1 ? SOCK_STREAM : t, p === -1 ? 0 : p],
      transport: given,
    };
  }
  const fd = toCIntArg(fileno);
  if (fd < 0) throw new ValueError("negative file descriptor");
  const facts = describeFd(fd);
  const [f, t, p] = kind;
  const chosen: Adopted["kind"] = [
    f === -1 ? facts.family : f,
    t === -1 ? facts.type : t,
    p === -1 ? facts.proto : p,
  ];
  if (facts.type !== SOCK_STREAM) {
    throw new OSError(
      errnoOf("ESOCKTNOSUPPORT"),
      "Socket type not supported (Bun.udpSocket cannot take over a datagram descriptor)",
    );
  }
  if (!facts.listening && facts.peer === null) {
    throw new OSError(
      errnoOf("EOPNOTSUPP"),
      "Operation not supported (Bun drives only a listening or a connected stream descriptor)",
    );
  }
  const transport = adoptStream(fd, facts);
  if (facts.listening) markListening(transport);
  return { kind: chosen, transport };
}
