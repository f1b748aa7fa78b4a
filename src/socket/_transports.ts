/**
 * Which transport a (family, type, proto) gets, with the errors socket() raises for the ones
 * that do not exist, and the one Bun cannot give: AF_UNIX datagrams.
 */

import { OptionStore } from "./_options.ts";
import type { Transport } from "./_transport.ts";
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  IPPROTO_TCP,
  IPPROTO_UDP,
  SOCK_DGRAM,
  SOCK_STREAM,
} from "./constants.ts";
import { DatagramTransport } from "./datagram/_transport.ts";
import { errnoOf, errorFor, OSError } from "./errors.ts";
import { StreamTransport } from "./stream/_transport.ts";

const FAMILIES = new Set([AF_INET, AF_INET6, AF_UNIX]);

/** Raises what socket(family, type, proto) raises for an unsupported combination. */
export function checkKind(family: number, type: number, proto: number): void {
  if (!FAMILIES.has(family)) throw errorFor("EAFNOSUPPORT");
  if (type !== SOCK_STREAM && type !== SOCK_DGRAM) throw errorFor("EINVAL");
  const ipProto = type === SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP;
  if (proto !== 0 && !(family !== AF_UNIX && proto === ipProto)) throw errorFor("EPROTONOSUPPORT");
}

/** A fresh socket's transport, with its option store. */
export function transportFor(family: number, type: number): Transport {
  const options = new OptionStore(family, type);
  if (type === SOCK_STREAM) return new StreamTransport(family, options);
  if (family === AF_UNIX) {
    throw new OSError(
      errnoOf("ESOCKTNOSUPPORT"),
      "Socket type not supported (Bun.udpSocket has no AF_UNIX datagram mode)",
    );
  }
  return new DatagramTransport(family, options);
}

/** A transport that is already closed: what a detached socket keeps. */
export function closedTransport(family: number, type: number): Transport {
  const transport = transportFor(family, type);
  transport.close();
  return transport;
}
