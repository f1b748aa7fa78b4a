/**
 * 32-byte request/response round trips through the library.
 *   bun lib-pingpong.ts serve          → prints {"port":N}, echoes one connection until EOF
 *   bun lib-pingpong.ts client PORT N  → N untimed round trips to warm the JIT up, then N timed;
 *                                        prints {"rtts","seconds","per_s"} of the timed ones
 */
import { AF_INET, SOCK_STREAM, socket } from "../../src/index.ts";

const SIZE = 32;

async function serve(): Promise<void> {
  await using server = socket(AF_INET, SOCK_STREAM);
  await server.bind(["127.0.0.1", 0]);
  server.listen(1);
  console.log(JSON.stringify({ port: (server.getsockname() as [string, number])[1] }));
  const [conn] = await server.accept();
  for (let data = await conn.recv(65536); data.length > 0; data = await conn.recv(65536)) {
    await conn.sendall(data);
  }
  conn.close();
}

async function client(port: number, count: number): Promise<void> {
  await using sock = socket(AF_INET, SOCK_STREAM);
  await sock.connect(["127.0.0.1", port]);
  const request = new Uint8Array(SIZE).fill(0x61);
  const roundTrips = async (n: number) => {
    for (let i = 0; i < n; i++) {
      await sock.sendall(request);
      // TCP may split the reply: read until all of it is back. Inline, as the floor's client
      // reads, so the rows differ by the library's recv and not by one more async call.
      for (let got = 0; got < SIZE; ) {
        const data = await sock.recv(SIZE - got);
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
}

const [mode, port, count] = process.argv.slice(2);
if (mode === "serve") await serve();
else await client(Number(port), Number(count));
