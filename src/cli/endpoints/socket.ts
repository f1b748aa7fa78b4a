/** A connected library Socket (TCP or Unix stream) as an endpoint. */

import { echoBackOn, spliceReceiver } from "../../socket/extensions.ts";
import {
  AF_UNIX,
  BrokenPipeError,
  ConnectionResetError,
  IPPROTO_TCP,
  SHUT_WR,
  type Socket,
  TCP_NODELAY,
} from "../../socket/index.ts";
import { type Endpoint, PeerGone } from "./endpoint.ts";

/** Bun hands over at most 512 KiB at a time; asking for more returns its chunks uncopied. */
const CHUNK = 1024 * 1024;

/**
 * Wraps `sock`, which the endpoint then owns (close() closes it). `label` names it in errors.
 *
 * @example
 * const left = socketEndpoint(conn, "127.0.0.1:8080");
 */
export function socketEndpoint(sock: Socket, label: string): Endpoint {
  // Typed lines should leave at once: Nagle would hold a short write until the last is acked.
  if (sock.family !== AF_UNIX) sock.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1);
  // We closed the socket under a pending send (the session is ending): nothing to report.
  const closedByUs = (err: unknown) => !lostBytes(err) && sock.fileno() === -1;
  // A half-close into a peer that has gone loses nothing: every byte was already written.
  const gone = (err: unknown) => err instanceof BrokenPipeError || closedByUs(err);
  return {
    label,
    peer: safely(() => sock.getpeername()),
    local: safely(() => sock.getsockname()),
    async read() {
      const data = await sock.recv(CHUNK);
      return data.length === 0 ? null : data;
    },
    receiveSplicer: () => spliceReceiver(sock),
    echoBack(each) {
      // As write() does, a session we ended ourselves is no failure.
      return (
        echoBackOn(sock, each)?.catch((err) => {
          if (!closedByUs(err)) throw err;
        }) ?? null
      );
    },
    async write(data) {
      try {
        await sock.sendall(data);
      } catch (err) {
        if (closedByUs(err)) throw new PeerGone(label, { cause: err });
        throw err;
      }
    },
    async sendFile(fd, offset, count) {
      try {
        return await sock.sendfile(fd, offset, count);
      } catch (err) {
        if (closedByUs(err)) throw new PeerGone(label, { cause: err });
        throw err;
      }
    },
    shutdownWrite() {
      try {
        sock.shutdown(SHUT_WR);
      } catch (err) {
        if (gone(err)) throw new PeerGone(label, { cause: err });
        throw err;
      }
    },
    close() {
      sock.close();
    },
  };
}

/**
 * A send that failed because the peer reset or closed while bytes of ours were still going
 * out: they were not delivered, so the transfer failed (exit 1), as with socat and ncat.
 */
function lostBytes(err: unknown): boolean {
  return err instanceof ConnectionResetError || err instanceof BrokenPipeError;
}

function safely<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}
