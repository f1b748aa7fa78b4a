// The selectors echo server from Python's documentation, ported line by line from
// selectors_echo.py. Printing a socket or a tuple uses Python's repr (String(sock), formatAddress).

import * as socket from "../../src/index.ts";
import * as selectors from "../../src/selectors/index.ts";
import { repr } from "./_pyrepr.ts";

type Callback = (sock: socket.Socket, mask: number) => Promise<void>;
const sel = new selectors.DefaultSelector();

async function accept(sock: socket.Socket, _mask: number) {
  const [conn, addr] = await sock.accept(); // Should be ready
  console.log("accepted", String(conn), "from", socket.formatAddress(addr));
  conn.setblocking(false);
  sel.register(conn, selectors.EVENT_READ, read);
}

async function read(conn: socket.Socket, _mask: number) {
  const data = await conn.recv(1000); // Should be ready
  if (data.length > 0) {
    console.log("echoing", repr(data), "to", String(conn));
    await conn.send(data); // Hope it won't block
  } else {
    console.log("closing", String(conn));
    sel.unregister(conn);
    conn.close();
  }
}

const sock = socket.socket();
await sock.bind(["localhost", process.argv.length > 2 ? Number(process.argv[2]) : 1234]);
sock.listen(100);
sock.setblocking(false);
sel.register(sock, selectors.EVENT_READ, accept);
console.log("listening on", sock.getsockname()[1]);

for (;;) {
  const events = await sel.select();
  for (const [key, mask] of events) {
    const callback = key.data as Callback;
    await callback(key.fileobj as socket.Socket, mask);
  }
}
