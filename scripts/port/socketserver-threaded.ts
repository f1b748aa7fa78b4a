// The threaded socketserver example from Python's documentation, ported line by line from
// socketserver_threaded.py. Tasks stand in for threads, named as Python names its threads.
import * as socket from "../../src/index.ts";
import * as socketserver from "../../src/socketserver/index.ts";

let threads = 0;
/** Python's threading.Thread naming: "Thread-N (target)". */
const threadName = (target: string) => `Thread-${++threads} (${target})`;

class ThreadedTCPRequestHandler extends socketserver.BaseRequestHandler {
  override async handle() {
    const request = this.request as socket.Socket;
    const data = (await request.recv(1024)).toString("ascii");
    const cur_thread = { name: threadName("process_request_thread") };
    const response = Buffer.from(`${cur_thread.name}: ${data}`, "ascii");
    await request.sendall(response);
  }
}

class ThreadedTCPServer extends socketserver.ThreadingMixIn(socketserver.TCPServer) {}

async function client(ip: string, port: number, message: string) {
  await using sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  await sock.connect([ip, port]);
  await sock.sendall(Buffer.from(message, "ascii"));
  const response = (await sock.recv(1024)).toString("ascii");
  console.log(`Received: ${response}`);
}

// Port 0 means to select an arbitrary unused port
const [HOST, PORT] = ["localhost", 0];

const server = await new ThreadedTCPServer([HOST, PORT], ThreadedTCPRequestHandler).ready();
{
  await using _ = server;
  const [ip, port] = server.server_address as [string, number];

  // Start a task with the server -- that task will then start one
  // more task for each request
  const server_thread = { name: threadName("serve_forever"), run: server.serve_forever() };
  console.log("Server loop running in thread:", server_thread.name);

  await client(ip, port, "Hello World 1");
  await client(ip, port, "Hello World 2");
  await client(ip, port, "Hello World 3");

  await server.shutdown();
  await server_thread.run;
}
