/**
 * Which (type, proto, port) triples getaddrinfo() reports for every address, from glibc's
 * socket type/protocol table and the services database: a type or protocol asked for picks one
 * table entry, none picks the default three (tcp, udp, raw), a service name only those it is
 * listed for.
 */

import {
  AI_NUMERICSERV,
  EAI_NONAME,
  EAI_SERVICE,
  EAI_SOCKTYPE,
  IPPROTO_TCP,
  IPPROTO_UDP,
  SOCK_DGRAM,
  SOCK_STREAM,
} from "./constants.ts";
import { gaierror } from "./errors.ts";
import { serviceByName } from "./names/_services.ts";

interface SocketKind {
  type: number;
  proto: number;
  protoName: string;
  /** Reported when neither a type nor a protocol was asked for. */
  byDefault: boolean;
  /** Takes whatever protocol was asked for (raw sockets). */
  anyProto?: boolean;
  /** Has no ports, so any service is EAI_SERVICE. */
  noService?: boolean;
}

/** glibc's gaih_inet_typeproto table, in its order; first match wins. */
const SOCKET_KINDS: readonly SocketKind[] = [
  { type: SOCK_STREAM, proto: IPPROTO_TCP, protoName: "tcp", byDefault: true },
  { type: SOCK_DGRAM, proto: IPPROTO_UDP, protoName: "udp", byDefault: true },
  { type: 6 /* SOCK_DCCP */, proto: 33, protoName: "dccp", byDefault: false },
  { type: SOCK_DGRAM, proto: 136 /* UDP-Lite */, protoName: "udplite", byDefault: false },
  { type: SOCK_STREAM, proto: 132 /* SCTP */, protoName: "sctp", byDefault: false },
  { type: 5 /* SOCK_SEQPACKET */, proto: 132, protoName: "sctp", byDefault: false },
  {
    type: 3 /* SOCK_RAW */,
    proto: 0,
    protoName: "raw",
    byDefault: true,
    anyProto: true,
    noService: true,
  },
];

type Service = { port: number } | { name: string };
export type Kind = [type: number, proto: number, port: number];

const STRTOUL = /^[ \t\n\v\f\r]*([+-]?)([0-9]+)$/;
const ULONG_RANGE = 2n ** 64n;

/**
 * A service as glibc reads it: strtoul() into a C int, so spaces and a sign may lead, numbers
 * wrap to 16 bits, and one that comes out negative is looked up as a name (and not found).
 */
export function readService(service: string, flags: number): Service {
  if (service === "") return { port: 0 };
  const number = STRTOUL.exec(service);
  if (!number) {
    if (flags & AI_NUMERICSERV) throw new gaierror(EAI_NONAME);
    return { name: service };
  }
  const magnitude = BigInt(number[2] as string);
  let unsigned = number[1] === "-" ? (ULONG_RANGE - magnitude) % ULONG_RANGE : magnitude;
  if (magnitude >= ULONG_RANGE) unsigned = ULONG_RANGE - 1n; // ERANGE gives ULONG_MAX
  const asInt = Number(BigInt.asIntN(32, unsigned));
  return asInt < 0 ? { name: service } : { port: asInt & 0xffff };
}

/** The table entry an explicit type and/or protocol selects; none is EAI_SOCKTYPE/EAI_SERVICE. */
function requestedKind(type: number, proto: number): SocketKind | undefined {
  if (type === 0 && proto === 0) return undefined;
  const kind = SOCKET_KINDS.find(
    (entry) =>
      (type === 0 || type === entry.type) &&
      (proto === 0 || entry.anyProto || proto === entry.proto),
  );
  if (!kind) throw new gaierror(type !== 0 ? EAI_SOCKTYPE : EAI_SERVICE);
  return kind;
}

/** A service name yields one kind per protocol it is listed for; none at all is EAI_SERVICE. */
function namedKinds(name: string, kind: SocketKind | undefined): Kind[] {
  const candidates = kind ? [kind] : SOCKET_KINDS.filter((entry) => !entry.noService);
  const found = candidates.flatMap((entry): Kind[] => {
    const service = serviceByName(name, entry.protoName);
    return service ? [[entry.type, entry.proto, service.port]] : [];
  });
  if (found.length === 0) throw new gaierror(EAI_SERVICE);
  return found;
}

/** The (type, proto, port) triples each address is reported with. */
export function kindsFor(type: number, proto: number, service: Service | null): Kind[] {
  const kind = requestedKind(type, proto);
  if (service && kind?.noService) throw new gaierror(EAI_SERVICE);
  if (service && "name" in service) return namedKinds(service.name, kind);
  const port = service?.port ?? 0;
  if (kind) return [[kind.type, kind.anyProto ? proto : kind.proto, port]];
  return SOCKET_KINDS.filter((entry) => entry.byDefault).map((entry) => [
    entry.type,
    entry.proto,
    port,
  ]);
}
