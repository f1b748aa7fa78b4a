/** The far end of a tunnel for e2e tests: a client's whole request, then one answer. */
import type { Socket } from "../../src/index.ts";
import { boundSocket } from "./_cli.ts";

/**
 * Reads `conn` to its EOF, then sends `reply(request)` and closes: a lost half-close on the
 * way hangs the test rather than passing it.
 */
export async function answer(conn: Socket, reply: (request: string) => string): Promise<void> {
  let request = "";
  for (;;) {
    const data = await conn.recv(65536);
    if (data.length === 0) break;
    request += data.toString();
  }
  await conn.sendall(Buffer.from(reply(request)));
  conn.close();
}

/**
 * A server on 127.0.0.1 that answers one client with `reply(request)`; `served` settles once
 * it has. Hold `server` with `await using`.
 */
export async function farServer(reply = (request: string) => `reply to ${request}`) {
  const server = await boundSocket();
  const served = (async () => {
    const [conn] = await server.accept();
    await answer(conn, reply);
  })();
  return { server, port: (server.getsockname() as [string, number])[1], served };
}
