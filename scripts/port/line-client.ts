// A line-protocol client on makefile("rw"); line_client.py is the Python it was ported from.
// Against the echo server, each request line comes back as its reply.
import * as socket from "../../src/index.ts";

const HOST = "127.0.0.1";
const PORT = process.argv.length > 2 ? Number(process.argv[2]) : 50007;
const repr = (text: string) => `'${text.replaceAll("\r", "\\r").replaceAll("\n", "\\n")}'`;

{
  await using s = await socket.create_connection([HOST, PORT]);
  const f = s.makefile("rw", null, { encoding: "utf-8", newline: "\r\n" });
  for (const [n, word] of ["HELO", "MAIL FROM:<ada@example.org>", "QUIT"].entries()) {
    await f.write(`${word} #${n}\n`);
    await f.flush();
    const reply = await f.readline();
    console.log("reply", n, repr(reply));
  }
  s.shutdown(socket.SHUT_WR);
  console.log("after EOF", repr(await f.read()));
  await f.close();
}
