/**
 * The least any Promise-returning recv/sendall can cost on Bun: a recv that is a promise
 * resolved from Bun's data callback, a sendall that is one write and a settled promise, and
 * nothing else (no timeouts, no errors, no flow control, no keep-alive). Both ends loop as
 * lib-pingpong.ts does, so the gap between this row and raw Bun's is the price of the async
 * model itself, and the gap between the library and this row is the library's own.
 *   bun promise-pingpong.ts serve          → prints {"port":N}, echoes one connection until EOF
 *   bun promise-pingpong.ts client PORT N  → N untimed 32-byte round trips, then N timed;
 *                                            prints {"rtts","seconds","per_s"} of the timed ones
 */
import type { Socket } from "bun";

const SIZE = 32;
const SENT = Promise.resolve();
const END = Buffer.alloc(0);

class Conn {
  socket: Socket<Conn> | null = null;
  readonly #queued: Buffer[] = [];
  #waiting: ((chunk: Buffer) => void) | null = null;
  #ended = false;

  deliver(chunk: Buffer): void {
    const waiting = this.#waiting;
    this.#waiting = null;
    if (waiting) waiting(chunk);
    else this.#queued.push(chunk);
  }

  end(): void {
    this.#ended = true;
    this.deliver(END);
  }

  recv(): Promise<Buffer> {
    const queued = this.#queued.shift();
    if (queued) return Promise.resolve(queued);
    if (this.#ended) return Promise.resolve(END);
    return new Promise((resolve) => {
      this.#waiting = resolve;
    });
  }

  /** 32 bytes always fit the kernel's buffer, so one write is all of it. */
  sendall(data: Uint8Array): Promise<void> {
    this.socket?.write(data);
    return SENT;
  }
}

const handlers = {
  open(socket: Socket<Conn>) {
    socket.data.socket = socket;
  },
  data(socket: Socket<Conn>, chunk: Buffer) {
    socket.data.deliver(chunk);
  },
  end(socket: Socket<Conn>) {
    socket.data.end();
  },
  close(socket: Socket<Conn>) {
    socket.data.end();
  },
};

async function serve(): Promise<void> {
  const { promise: accepted, resolve } = Promise.withResolvers<Conn>();
  const server = Bun.listen<Conn>({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      ...handlers,
      open(socket) {
        socket.data = new Conn();
        handlers.open(socket);
        resolve(socket.data);
      },
    },
  });
  console.log(JSON.stringify({ port: server.port }));
  const conn = await accepted;
  for (let data = await conn.recv(); data.length > 0; data = await conn.recv()) {
    await conn.sendall(data);
  }
  server.stop(true);
}

async function client(port: number, count: number): Promise<void> {
  const conn = new Conn();
  await Bun.connect<Conn>({ hostname: "127.0.0.1", port, data: conn, socket: handlers });
  const request = new Uint8Array(SIZE).fill(0x61);
  const roundTrips = async (n: number) => {
    for (let i = 0; i < n; i++) {
      await conn.sendall(request);
      for (let got = 0; got < SIZE; ) {
        const data = await conn.recv();
        if (data.length === 0) throw new Error("peer closed mid-reply");
        got += data.length;
      }
    }
  };
  await roundTrips(count);
  const started = performance.now();
  await roundTrips(count);
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ rtts: count, seconds, per_s: count / seconds }));
  conn.socket?.end();
}

const [mode, port, count] = process.argv.slice(2);
if (mode === "serve") await serve();
else await client(Number(port), Number(count));
