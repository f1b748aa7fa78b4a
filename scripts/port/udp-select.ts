// scripts/port/udp_select.py ported line by line to sockit: the same names, arguments and
// flow; blocking calls are awaited. Run with `bun scripts/port/udp-select.ts`.
import * as select from "../../src/index.ts";
import * as socket from "../../src/index.ts";

const host = await socket.gethostbyname("localhost");
console.log("localhost is", host, "packed", socket.inet_aton(host).toString("hex"));
console.log(
  "http is port",
  socket.getservbyname("http", "tcp"),
  "and htons(80) is",
  socket.htons(80),
);

const udp_server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
await udp_server.bind([host, 0]);
const tcp_server = await socket.create_server([host, 0]);
tcp_server.setblocking(false);

const udp_client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
await udp_client.sendto(Buffer.from("ping 1"), udp_server.getsockname());
await udp_client.sendto(Buffer.from("ping 2"), udp_server.getsockname());
const tcp_client = await socket.create_connection(tcp_server.getsockname() as [string, number], 5);
await tcp_client.sendall(Buffer.from("hello select\n"));

const replies: [string, string][] = [];
const conns: socket.Socket[] = [];
while (replies.length < 3) {
  const [readable] = await select.select(
    [udp_server, tcp_server, udp_client, tcp_client, ...conns],
    [],
    [],
    5,
  );
  if (readable.length === 0) {
    throw new Error("timed out");
  }
  for (const s of readable) {
    if (s === udp_server) {
      const [data, addr] = await s.recvfrom(1024);
      await s.sendto(
        Buffer.from(data.toString().replace("ping", "pong")),
        addr as socket.AddressInput,
      );
    } else if (s === tcp_server) {
      const [conn] = await s.accept();
      conn.setblocking(false);
      conns.push(conn);
    } else if (s === udp_client) {
      const [data] = await s.recvfrom(1024);
      replies.push(["udp", data.toString()]);
    } else if (s === tcp_client) {
      const data = await s.recv(1024);
      replies.push(["tcp", data.toString().trim()]);
    } else {
      const data = await s.recv(1024);
      if (data.length > 0) {
        await s.sendall(Buffer.from(data.toString().toUpperCase()));
      } else {
        conns.splice(conns.indexOf(s), 1);
        s.close();
      }
    }
  }
}

for (const [kind, text] of replies.sort()) {
  console.log(kind, text);
}
for (const s of [udp_server, tcp_server, udp_client, tcp_client, ...conns]) {
  s.close();
}
