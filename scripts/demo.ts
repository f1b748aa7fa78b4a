/**
 * The library in thirty lines: an echo server and a client, written as one would in Python.
 * Run with `npm run demo`.
 */
import { AF_INET, SHUT_WR, SOCK_STREAM, socket } from "../src/index.ts";

await using server = socket(AF_INET, SOCK_STREAM);
await server.bind(["127.0.0.1", 0]);
server.listen();
const address = server.getsockname() as [string, number];
console.log(`echo server listening on ${address[0]}:${address[1]}`);

async function serveOne(): Promise<void> {
  const [conn, peer] = await server.accept();
  console.log(`server: connection from ${peer[0]}:${peer[1]}`);
  for (;;) {
    const data = await conn.recv(1024);
    if (data.length === 0) break;
    await conn.sendall(data);
  }
  conn.close();
}

const served = serveOne();
await using client = socket(AF_INET, SOCK_STREAM);
await client.connect(address);
await client.sendall(new TextEncoder().encode("Hello, sockit!"));
client.shutdown(SHUT_WR);
const chunks: Buffer[] = [];
for (let data = await client.recv(1024); data.length > 0; data = await client.recv(1024)) {
  chunks.push(data);
}
console.log(`client: received ${JSON.stringify(Buffer.concat(chunks).toString())}`);
await served;
