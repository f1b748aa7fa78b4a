/**
 * UDP as an endpoint for relay: each datagram read is one chunk, each chunk written leaves as
 * datagrams of at most 65507 bytes. UDP has no EOF, so a half-close sends nothing, reads never
 * end, and a session over UDP ends when it falls idle (-i).
 */
import type { Address, Socket } from "../../socket/index.ts";
import { type Endpoint, PeerGone } from "./endpoint.ts";

/** The largest payload of one IPv4 UDP datagram. */
export const MAX_DATAGRAM = 65507;

/** A connected UDP socket (relay's `udp:HOST:PORT`); the endpoint owns it. */
export function udpEndpoint(sock: Socket, label: string): Endpoint {
  return {
    label,
    peer: sock.getpeername(),
    local: sock.getsockname(),
    read: () => sock.recv(65536),
    async write(data) {
      for (let at = 0; at < data.length; at += MAX_DATAGRAM) {
        if (sock.fileno() === -1) throw new PeerGone(label);
        await sock.send(data.subarray(at, at + MAX_DATAGRAM));
      }
    },
    shutdownWrite() {},
    close() {
      sock.close();
    },
  };
}

/** How many datagrams a session holds while its other side is slow; later ones are dropped. */
const SESSION_QUEUE = 1024;

/**
 * One bound UDP socket (relay's `udp-listen:`, `listen -u -e`) split into a session per client
 * address, as socat's `UDP-LISTEN:..,fork` does: each new client is accepted once, its
 * datagrams are read from its own session, and what is written to the session goes back to
 * that client only. `admit` sees every datagram first: one it refuses is dropped unread.
 *
 * @example
 * const sessions = udpSessions(sock, "0.0.0.0:5353");
 * const first = await sessions.accept();
 */
export function udpSessions(sock: Socket, label: string, admit?: (from: Address) => boolean) {
  const sessions = new Map<string, Session>();
  const fresh: Session[] = [];
  const waiting: PromiseWithResolvers<Endpoint>[] = [];
  let failure: unknown;
  let accepting = true;
  const receive = async () => {
    try {
      for (;;) {
        const [data, from] = await sock.recvfrom(65536);
        if (admit && !admit(from as Address)) continue;
        const key = JSON.stringify(from);
        let session = sessions.get(key);
        if (!session) {
          if (!accepting) continue;
          session = new Session(sock, from as Address, () => sessions.delete(key));
          sessions.set(key, session);
          const taker = waiting.shift();
          if (taker) taker.resolve(session.endpoint);
          else fresh.push(session);
        }
        session.deliver(data);
      }
    } catch (err) {
      failure = err;
      for (const taker of waiting.splice(0)) taker.reject(err);
      for (const session of sessions.values()) session.endpoint.close();
    }
  };
  let started = false;
  return {
    label,
    /** The next client's session, once its first datagram has arrived. */
    accept(): Promise<Endpoint> {
      if (!started) {
        started = true;
        void receive();
      }
      const ready = fresh.shift();
      if (ready) return Promise.resolve(ready.endpoint);
      if (failure !== undefined) return Promise.reject(failure);
      const taker = Promise.withResolvers<Endpoint>();
      waiting.push(taker);
      return taker.promise;
    },
    /**
     * No new clients from now on: the sessions already open go on, and a datagram from any
     * other address is dropped, as a connected UDP socket's kernel drops it (ncat without -k).
     */
    stopAccepting(): void {
      accepting = false;
      for (const session of fresh.splice(0)) session.endpoint.close();
    },
  };
}

class Session {
  readonly endpoint: Endpoint;
  readonly #queue: Uint8Array[] = [];
  #reader: ((data: Uint8Array | null) => void) | null = null;
  #closed = false;

  constructor(sock: Socket, client: Address, forget: () => void) {
    const label = typeof client === "string" ? client : `${client[0]}:${client[1]}`;
    this.endpoint = {
      label,
      peer: client,
      local: sock.getsockname(),
      read: () => this.#read(),
      write: async (data) => {
        for (let at = 0; at < data.length; at += MAX_DATAGRAM) {
          if (this.#closed || sock.fileno() === -1) throw new PeerGone(label);
          await sock.sendto(data.subarray(at, at + MAX_DATAGRAM), client as never);
        }
      },
      shutdownWrite() {},
      close: () => {
        if (this.#closed) return;
        this.#closed = true;
        forget();
        this.#reader?.(null);
        this.#reader = null;
      },
    };
  }

  deliver(data: Uint8Array): void {
    if (this.#closed) return;
    if (this.#reader) {
      const wake = this.#reader;
      this.#reader = null;
      wake(data);
    } else if (this.#queue.length < SESSION_QUEUE) {
      this.#queue.push(data);
    }
  }

  #read(): Promise<Uint8Array | null> {
    const next = this.#queue.shift();
    if (next) return Promise.resolve(next);
    if (this.#closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.#reader = resolve;
    });
  }
}
