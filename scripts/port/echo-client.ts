// A TCP echo client with sockit; echo_client.py is the Python it was ported from, line by line.
import * as socket from "../../src/index.ts";

const HOST = "127.0.0.1";
const PORT = process.argv.length > 2 ? Number(process.argv[2]) : 50007;

let data: Buffer;
{
  await using s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  await s.connect([HOST, PORT]);
  await s.sendall(Buffer.from("Hello, world"));
  data = await s.recv(1024);
}

console.log("received", `b'${data.toString()}'`);
