/**
 * `listen --broker` and `--chat`: every client's bytes go to every other client, stdin is one
 * more sender and stdout shows the traffic. Flow control is per client: a sender waits while a
 * busy receiver catches up, but not for one that has taken nothing for STALL_MS; that one's queue
 * fills to --broker-queue and it is dropped, so one client that stops reading neither stalls
 * the others nor grows the hub's memory.
 */
import { AF_UNIX, IPPROTO_TCP, type Socket, TCP_NODELAY } from "../../socket/index.ts";
import { after, IdleTimer } from "../_timers.ts";
import { turnAway } from "../accept-retry.ts";
import { acceptAdmitted, type Gate } from "../access.ts";
import { type ByteSink, crlfEncoder } from "../endpoints/stdio.ts";
import { type Reporter, showAddress } from "../report/reporter.ts";
import { announce, ChatLines } from "./chat-lines.ts";
import { BrokerClient, STALL_MS } from "./client.ts";

export interface BrokerOptions {
  /** stdin, or null with --recv-only. */
  input: AsyncIterable<Uint8Array> | null;
  /** stdout, or null with --send-only. */
  output: ByteSink | null;
  chat: boolean;
  /** Pass one client's bytes on to the others; false under --send-only and --recv-only, as ncat. */
  relay: boolean;
  queueLimit: number;
  maxConns?: number;
  admit?: Gate | null;
  crlf?: boolean;
  idleSeconds?: number;
  quitAfterEof?: number;
}

/** Bun hands over at most 512 KiB at a time; asking for more returns its chunks uncopied. */
const CHUNK = 1024 * 1024;

class Hub {
  readonly clients = new Set<BrokerClient>();

  constructor(
    readonly options: BrokerOptions,
    readonly reporter: Reporter,
  ) {}

  /**
   * Queues `chunk` for everyone but `from`, dropping those it would overflow. stdout shows it
   * too, except what came from stdin, which its own terminal or file already has.
   */
  async broadcast(chunk: Uint8Array, from: BrokerClient | null, show = true): Promise<void> {
    if (chunk.length === 0) return;
    if (show) await this.options.output?.write(chunk);
    if (from !== null && !this.options.relay) return;
    for (const client of this.clients) {
      if (client === from || client.enqueue(chunk)) continue;
      this.reporter.dropped(
        client.peer,
        client.id,
        `it fell ${this.options.queueLimit} bytes behind (--broker-queue)`,
      );
      client.close();
    }
    await this.#paceTo(from);
  }

  /** Waits while a receiver that is still taking bytes has more than half its queue waiting. */
  async #paceTo(from: BrokerClient | null): Promise<void> {
    const high = this.options.queueLimit / 2;
    for (;;) {
      const now = performance.now();
      const busy = [...this.clients].filter(
        (c) => c !== from && !c.closed && c.backlog > high && !c.stalled(now),
      );
      if (busy.length === 0) return;
      // The timer lets a receiver that stops taking bytes become `stalled` while we wait.
      await Promise.race([...busy.map((c) => c.below(high)), after(STALL_MS / 4000)]);
    }
  }

  announce(text: string): Promise<void> {
    return this.options.chat ? this.broadcast(announce(text), null) : Promise.resolve();
  }
}

/** Serves the hub until a signal, or -q after stdin EOF. */
export async function serveBroker(server: Socket, options: BrokerOptions, reporter: Reporter) {
  const hub = new Hub(options, reporter);
  const sending = readStdin(hub);
  const accepting = acceptClients(server, hub);
  const quit = options.input
    ? sending.then(() => after(options.quitAfterEof))
    : new Promise<void>(() => {});
  for (const p of [sending, accepting, quit]) p.catch(() => {});
  try {
    await Promise.race([accepting, quit]);
  } finally {
    for (const client of hub.clients) client.close();
  }
}

/** stdin as one more sender: `<user0>` in a chat. */
async function readStdin(hub: Hub): Promise<void> {
  const { input, crlf, chat } = hub.options;
  if (!input) return;
  const encode = crlf ? crlfEncoder() : (raw: Uint8Array) => raw;
  const lines = chat ? new ChatLines("user0") : null;
  for await (const raw of input) {
    const chunk = encode(raw);
    hub.reporter.data("sent", chunk);
    for (const piece of lines ? lines.feed(chunk) : [chunk]) {
      await hub.broadcast(piece, null, false);
    }
  }
  const last = lines?.end();
  if (last) await hub.broadcast(last, null, false);
}

async function acceptClients(server: Socket, hub: Hub): Promise<void> {
  let nextId = 0;
  for (;;) {
    const [conn, peer] = await acceptAdmitted(server, hub.options.admit, hub.reporter);
    const id = ++nextId;
    const max = hub.options.maxConns;
    if (max !== undefined && hub.clients.size >= max) {
      hub.reporter.refused(peer, `server is full (already serving ${max}, --max-conns)`);
      turnAway(conn);
      continue;
    }
    hub.reporter.accepted(peer, id);
    if (conn.family !== AF_UNIX) conn.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1);
    const idle = new IdleTimer(hub.options.idleSeconds);
    const client = new BrokerClient(id, conn, peer, hub.options.queueLimit, () => idle.touch());
    serveClient(hub, client, idle)
      .catch(() => {
        // A reset or timeout ends only this client; the hub goes on.
      })
      .finally(async () => {
        idle.stop();
        hub.clients.delete(client);
        client.close();
        hub.reporter.closed(peer, id);
        await hub.announce(`user${id} has disconnected`);
      });
  }
}

/** Reads one client until its EOF (or -i of silence), passing its bytes to the others. */
async function serveClient(hub: Hub, client: BrokerClient, idle: IdleTimer): Promise<void> {
  await hub.announce(`user${client.id} has connected`);
  hub.clients.add(client);
  const lines = hub.options.chat ? new ChatLines(`user${client.id}`) : null;
  const reading = (async () => {
    for (;;) {
      const data = await client.sock.recv(CHUNK);
      if (data.length === 0) break;
      idle.touch();
      hub.reporter.data("received", data, client.id);
      for (const piece of lines ? lines.feed(data) : [data]) await hub.broadcast(piece, client);
    }
    const last = lines?.end();
    if (last) await hub.broadcast(last, client);
    // Its EOF, as in ncat's broker, ends the client: what is queued for it still goes out.
    client.end();
    await client.written;
  })();
  const idleEnd = idle.expired.then(() =>
    hub.reporter.note(`Idle timeout expired for ${showAddress(client.peer)}.`),
  );
  reading.catch(() => {});
  await Promise.race([reading, idleEnd]);
}
