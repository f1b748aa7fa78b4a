/**
 * select() loops against python3, both ways: python3 clients hit a server of ours written as a
 * single select loop over a non-blocking listener and its connections, and our clients talk to
 * a python3 server written the same way with select.select(). The python3 server binds port 0
 * and announces its port on its first stdout line; nothing probes it.
 */
import { expect, test } from "bun:test";
import { type InetAddress, type Socket, select } from "../../src/index.ts";
import { bytes, track, tracked } from "../_helpers.ts";
import { withPython } from "../_python.ts";

const CLIENTS = 3;

/** argv: port, clients. Connects them all, then each sends a line; prints the replies. */
const PY_CLIENTS = `
import json, socket, sys
port, count = int(sys.argv[1]), int(sys.argv[2])
socks = [socket.create_connection(("127.0.0.1", port)) for _ in range(count)]
replies = []
for round in range(2):
    for i, s in enumerate(socks):
        line = f"client {i} round {round}\\n".encode()
        s.sendall(line)
        reply = b""
        while len(reply) < len(line):
            reply += s.recv(1024)
        replies.append(reply.decode())
for s in socks:
    s.close()
print(json.dumps(replies))
`;

/** argv: clients. A select() loop echoing upper-cased data until `clients` have hung up. */
const PY_SELECT_SERVER = `
import json, select, socket, sys
expected = int(sys.argv[1])
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen()
srv.setblocking(False)
print(srv.getsockname()[1], flush=True)
conns, finished, received = [], 0, 0
while finished < expected:
    readable, _, _ = select.select([srv] + conns, [], [])
    for s in readable:
        if s is srv:
            conn, _ = srv.accept()
            conn.setblocking(False)
            conns.append(conn)
            continue
        data = s.recv(4096)
        if not data:
            conns.remove(s)
            s.close()
            finished += 1
            continue
        received += len(data)
        s.sendall(data.upper())
srv.close()
print(json.dumps({"finished": finished, "received": received}))
`;

/**
 * Our select loop: accepts on a non-blocking listener and echoes upper-cased data on each
 * connection until `expected` connections have hung up; resolves with the bytes received.
 * `exited` rejects when the client process ends: before every client connected that is a
 * failure, after it the hang-ups it left behind are still to be served.
 */
async function serveSelectLoop(srv: Socket, expected: number, exited: Promise<never>) {
  srv.setblocking(false);
  const conns: Socket[] = [];
  let accepted = 0;
  let finished = 0;
  let received = 0;
  const stop = exited.catch((err) => {
    if (accepted < expected) throw err;
    return new Promise<never>(() => {});
  });
  while (finished < expected) {
    const [readable] = await Promise.race([select([srv, ...conns], [], []), stop]);
    for (const sock of readable) {
      if (sock === srv) {
        const [conn] = await srv.accept();
        track(conn).setblocking(false);
        conns.push(conn);
        accepted++;
        continue;
      }
      const data = await sock.recv(4096);
      if (data.length === 0) {
        conns.splice(conns.indexOf(sock), 1);
        sock.close();
        finished++;
        continue;
      }
      received += data.length;
      await sock.sendall(Buffer.from(data.toString().toUpperCase()));
    }
  }
  return received;
}

test("python3 clients against our select-loop server", async () => {
  const srv = tracked();
  await srv.bind(["127.0.0.1", 0]);
  srv.listen();
  const [, port] = srv.getsockname() as InetAddress;
  await withPython(PY_CLIENTS, [String(port), String(CLIENTS)], async (py) => {
    const received = await serveSelectLoop(srv, CLIENTS, py.exited());
    const { exitCode, stdout, stderr } = await py.finish();
    expect(stderr).toBe("");
    expect(exitCode).toBe(0);
    const replies: string[] = JSON.parse(stdout);
    const expected = [0, 1].flatMap((round) =>
      Array.from({ length: CLIENTS }, (_, i) => `CLIENT ${i} ROUND ${round}\n`),
    );
    expect(replies).toEqual(expected);
    expect(received).toBe(expected.join("").length);
  });
});

test("our clients against a python3 select.select() server", async () => {
  await withPython(PY_SELECT_SERVER, [String(CLIENTS)], async (py) => {
    const port = Number(await py.readLine());
    const clients: Socket[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const client = tracked();
      await client.connect(["127.0.0.1", port]);
      clients.push(client);
    }
    // Interleave the clients, so the server has several connections to select over at once.
    const replies: string[] = [];
    for (const round of [0, 1]) {
      for (const [i, client] of clients.entries()) {
        const line = `client ${i} round ${round}\n`;
        await client.sendall(bytes(line));
        let reply = "";
        while (reply.length < line.length) {
          const data = await Promise.race([client.recv(1024), py.exited()]);
          expect(data.length).toBeGreaterThan(0);
          reply += data.toString();
        }
        replies.push(reply);
      }
    }
    for (const client of clients) client.close();

    expect(replies).toEqual(
      [0, 1].flatMap((r) => Array.from({ length: CLIENTS }, (_, i) => `CLIENT ${i} ROUND ${r}\n`)),
    );
    const { exitCode, stdout, stderr } = await py.finish();
    expect(stderr).toBe("");
    expect(exitCode).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      finished: CLIENTS,
      received: replies.join("").length,
    });
  });
});
