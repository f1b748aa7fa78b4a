import { expect, test } from "bun:test";
import { SO_RCVBUF, SO_SNDBUF, SOL_SOCKET } from "../../src/index.ts";
import { track, tracked } from "../_helpers.ts";

const PYTHON = `
import socket
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32768)
srv.bind(("127.0.0.1", 0)); srv.listen()
c = socket.socket(); c.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 100000)
c.connect(srv.getsockname()); conn, _ = srv.accept()
print(srv.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF), conn.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF),
      c.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF), c.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF))
`;

test("SO_RCVBUF / SO_SNDBUF reach the kernel: the same values as python3, accepted sockets inheriting", async () => {
  const python = Bun.spawnSync(["python3", "-c", PYTHON]).stdout.toString().trim();
  const srv = tracked();
  srv.setsockopt(SOL_SOCKET, SO_RCVBUF, 32768);
  await srv.bind(["127.0.0.1", 0]);
  srv.listen();
  const client = tracked();
  client.setsockopt(SOL_SOCKET, SO_SNDBUF, 100000);
  await client.connect(srv.getsockname());
  const [conn] = await srv.accept();
  track(conn);
  const ours = [
    srv.getsockopt(SOL_SOCKET, SO_RCVBUF),
    conn.getsockopt(SOL_SOCKET, SO_RCVBUF),
    client.getsockopt(SOL_SOCKET, SO_SNDBUF),
    client.getsockopt(SOL_SOCKET, SO_RCVBUF),
  ].join(" ");
  expect(python).toMatch(/^\d+ \d+ \d+ \d+$/);
  expect(ours).toBe(python);
});
