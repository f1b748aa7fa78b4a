// The TCP and UDP clients from Python's socketserver documentation, ported line by line from
// socketserver_client.py: argv is the port, "tcp" or "udp", then the words to send.
import * as socket from "../../src/index.ts";

const [HOST, PORT] = ["localhost", Number(process.argv[2])];
const kind = process.argv[3];
const data = process.argv.slice(4).join(" ");
let received: string;

if (kind === "tcp") {
  // Create a socket (SOCK_STREAM means a TCP socket)
  await using sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  // Connect to server and send data
  await sock.connect([HOST, PORT]);
  await sock.sendall(Buffer.from(`${data}\n`, "utf-8"));

  // Receive data from the server and shut down
  received = (await sock.recv(1024)).toString("utf-8");
} else {
  // SOCK_DGRAM is the socket type to use for UDP sockets
  const sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);

  // As you can see, there is no connect() call; UDP has no connections.
  // Instead, data is directly sent to the recipient via sendto().
  await sock.sendto(Buffer.from(`${data}\n`, "utf-8"), [HOST, PORT]);
  received = (await sock.recv(1024)).toString("utf-8");
}

console.log(`Sent:     ${data}`);
console.log(`Received: ${received}`);
