/**
 * How sessions end (issue 16.1, 13.4): after the peer's EOF, an idle stdin no longer holds the
 * session open (ncat's ending), while a stdin still delivering keeps it; --no-shutdown keeps
 * the sending side open after stdin EOF; a background job's ignored SIGINT stays ignored.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { PythonProcess } from "../_python.ts";
import { cleanup, SOCKIT, type SpawnOptions, sockit } from "./_cli.ts";

afterEach(cleanup);

async function listen(args: string[], options: SpawnOptions = {}) {
  const server = sockit(["listen", "-v", ...args, "127.0.0.1", "0"], options);
  return { server, port: String(await server.listening()) };
}

describe("after the peer's EOF", () => {
  test("`(sleep) | sockit -l` and `echo abc | sockit`: both end at once, as ncat's do", async () => {
    const { server, port } = await listen([], { open: true });
    const started = performance.now();
    const client = await sockit(["127.0.0.1", port], { input: "abc\n" }).finish();
    const served = await server.finish();
    expect(client.exitCode).toBe(0);
    expect(served).toMatchObject({ exitCode: 0, stdout: "abc\n" });
    expect(performance.now() - started).toBeLessThan(3000);
  });

  test("a stdin still delivering keeps the session until it ends", async () => {
    const { server, port } = await listen([], { open: true });
    const client = sockit(["connect", "127.0.0.1", port], { input: "go\n" });
    await server.waitForStdout("go\n");
    // Ten lines 0.2 s apart: never 0.5 s of silence, so all of them arrive.
    for (let i = 0; i < 10; i++) {
      server.write(`line ${i}\n`);
      await client.waitForStdout(`line ${i}\n`);
      await Bun.sleep(200);
    }
    await server.end();
    const lines = Array.from({ length: 10 }, (_, i) => `line ${i}\n`).join("");
    expect(await client.finish()).toMatchObject({ exitCode: 0, stdout: lines });
    expect((await server.finish()).exitCode).toBe(0);
  });
});

describe("--no-shutdown", () => {
  test("stdin EOF sends no FIN: the peer answers later and its close ends the session", async () => {
    // The server reads the request, checks that no EOF follows, then answers and closes.
    const script = `
import socket
srv = socket.create_server(("127.0.0.1", 0))
print(srv.getsockname()[1], flush=True)
conn, _ = srv.accept()
request = conn.recv(100)
conn.settimeout(0.7)
try:
    tail = conn.recv(100)
    state = "EOF" if tail == b"" else "more"
except TimeoutError:
    state = "open"
conn.sendall(request.upper() + state.encode() + b"\\n")
conn.close()
`;
    const py = new PythonProcess(script);
    try {
      const port = await py.readLine();
      const client = await sockit(["connect", "--no-shutdown", "127.0.0.1", port], {
        input: "subscribe ch\n",
      }).finish();
      expect(client).toMatchObject({ exitCode: 0, stdout: "SUBSCRIBE CH\nopen\n" });
    } finally {
      await py.kill();
    }
  });
});

describe("signals", () => {
  test("SIGINT ends a listener with 130; ignored by the parent (trap '' INT) it stays ignored", async () => {
    const plain = sockit(["listen", "-v", "127.0.0.1", "0"]);
    await plain.listening();
    plain.proc.kill("SIGINT");
    expect((await plain.finish()).exitCode).toBe(130);
    // The same listener started with SIGINT ignored, as a shell starts a background job.
    const shell = new PythonProcess(
      `
import signal, subprocess, sys, time
signal.signal(signal.SIGINT, signal.SIG_IGN)
p = subprocess.Popen([sys.argv[1], "listen", "-v", "127.0.0.1", "0"],
                     stdin=subprocess.DEVNULL, stderr=subprocess.PIPE)
p.stderr.readline()
p.send_signal(signal.SIGINT)
time.sleep(0.5)
alive = p.poll() is None
p.terminate()
print("alive" if alive else "gone", p.wait(), flush=True)
`,
      [SOCKIT],
    );
    expect(await shell.readLine()).toBe("alive 143");
  });
});
