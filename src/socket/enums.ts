/**
 * Python's IntEnum/IntFlag classes of the socket module, as TypeScript enums: the members are
 * plain numbers (so `sock.family === AF_INET` and arithmetic work), and the enum maps a value
 * back to its name as Python's repr shows it: `AddressFamily[sock.family]` is "AF_INET".
 */

export enum AddressFamily {
  AF_UNSPEC = 0,
  AF_UNIX = 1,
  AF_INET = 2,
  AF_INET6 = 10,
}

export enum SocketKind {
  SOCK_STREAM = 1,
  SOCK_DGRAM = 2,
  SOCK_RAW = 3,
  SOCK_RDM = 4,
  SOCK_SEQPACKET = 5,
  SOCK_NONBLOCK = 2048,
  SOCK_CLOEXEC = 524288,
}

export enum MsgFlag {
  MSG_OOB = 1,
  MSG_PEEK = 2,
  MSG_DONTROUTE = 4,
  MSG_CTRUNC = 8,
  MSG_TRUNC = 32,
  MSG_DONTWAIT = 64,
  MSG_EOR = 128,
  MSG_WAITALL = 256,
  MSG_CONFIRM = 2048,
  MSG_ERRQUEUE = 8192,
  MSG_NOSIGNAL = 16384,
  MSG_MORE = 32768,
  MSG_FASTOPEN = 536870912,
  MSG_CMSG_CLOEXEC = 1073741824,
}

export enum AddressInfo {
  AI_PASSIVE = 1,
  AI_CANONNAME = 2,
  AI_NUMERICHOST = 4,
  AI_V4MAPPED = 8,
  AI_ALL = 16,
  AI_ADDRCONFIG = 32,
  AI_NUMERICSERV = 1024,
}

/** Python's repr of a member: `<AddressFamily.AF_INET: 2>`; a number outside the enum as is. */
export function enumRepr(enumeration: Record<number, string>, className: string, value: number) {
  const name = enumeration[value];
  return name === undefined ? String(value) : `<${className}.${name}: ${value}>`;
}
