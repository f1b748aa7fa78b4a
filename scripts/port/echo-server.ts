// A TCP echo server with sockit; echo_server.py is the Python it was ported from, line by line.
import * as socket from "../../src/index.ts";

const HOST = "127.0.0.1";
const PORT = process.argv.length > 2 ? Number(process.argv[2]) : 50007;

{
  await using s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  await s.bind([HOST, PORT]);
  s.listen(1);
  console.log("listening on", s.getsockname()[1]);
  const [conn, addr] = await s.accept();
  {
    await using _ = conn;
    console.log("connected by", addr[0]);
    for (;;) {
      const data = await conn.recv(1024);
      if (data.length === 0) {
        break;
      }
      await conn.sendall(data);
    }
  }
}
