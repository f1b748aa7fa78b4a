// The classic select() chat client, ported line by line from chat_client.py. stdin is
// descriptor 0 with a fileno(), as sys.stdin is; a line is read once select() says it is there.
import { readSync } from "node:fs";
import * as select from "../../src/index.ts";
import * as socket from "../../src/index.ts";

const HOST = "127.0.0.1";
const PORT = process.argv.length > 2 ? Number(process.argv[2]) : 50007;
const stdin = {
  fileno: () => 0,
  readline(): string {
    const buffer = Buffer.alloc(4096);
    return buffer.subarray(0, readSync(0, buffer)).toString();
  },
};

const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
await s.connect([HOST, PORT]);
const inputs: (typeof stdin | socket.Socket)[] = [stdin, s];
for (;;) {
  const [readable] = await select.select(inputs, [], []);
  for (const r of readable) {
    if (r === s) {
      const data = await s.recv(4096);
      if (data.length === 0) {
        console.log("Disconnected from server");
        process.exit();
      }
      process.stdout.write(`received ${data.toString()}`);
    } else {
      const line = stdin.readline();
      if (!line) {
        s.shutdown(socket.SHUT_WR);
        inputs.splice(inputs.indexOf(stdin), 1);
      } else {
        await s.sendall(Buffer.from(line));
      }
    }
  }
}
