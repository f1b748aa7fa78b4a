/** SO_LINGER as on Linux: a struct linger, EINVAL for an int, and (1, 0) closing with RST. */
import { describe, expect, test } from "bun:test";
import {
  AF_INET,
  ConnectionResetError,
  OSError,
  SO_LINGER,
  SOCK_STREAM,
  SOL_SOCKET,
  type Socket,
  socket,
} from "../../src/index.ts";

const linger = (on: number, seconds: number) => Buffer.from(new Int32Array([on, seconds]).buffer);

/** A connected pair on loopback: [client, accepted]. */
async function pair(): Promise<[Socket, Socket, Socket]> {
  const server = socket(AF_INET, SOCK_STREAM);
  await server.bind(["127.0.0.1", 0]);
  server.listen();
  const client = socket(AF_INET, SOCK_STREAM);
  await client.connect(server.getsockname() as [string, number]);
  const [conn] = await server.accept();
  return [client, conn, server];
}

describe("SO_LINGER", () => {
  test("an int is too short for struct linger: [Errno 22], as python3 says", async () => {
    const [client, conn, server] = await pair();
    try {
      expect(() => conn.setsockopt(SOL_SOCKET, SO_LINGER, 1)).toThrow(
        new OSError(22, "Invalid argument"),
      );
      expect(conn.getsockopt(SOL_SOCKET, SO_LINGER)).toBe(0);
    } finally {
      for (const s of [client, conn, server]) s.close();
    }
  });

  test.each([
    ["(1, 0) resets the connection on close", 1, 0, "reset"],
    ["(0, 0) closes with a FIN", 0, 0, "eof"],
    ["(1, 5) closes with a FIN (nothing left to linger for)", 1, 5, "eof"],
  ])("%s", async (_name, on, seconds, outcome) => {
    const [client, conn, server] = await pair();
    try {
      conn.setsockopt(SOL_SOCKET, SO_LINGER, linger(on, seconds));
      expect(conn.getsockopt(SOL_SOCKET, SO_LINGER)).toBe(on);
      conn.close();
      const seen = await client.recv(10).then(
        (data) => (data.length === 0 ? "eof" : "data"),
        (err) => (err instanceof ConnectionResetError ? "reset" : String(err)),
      );
      expect(seen).toBe(outcome);
    } finally {
      for (const s of [client, conn, server]) s.close();
    }
  });
});
