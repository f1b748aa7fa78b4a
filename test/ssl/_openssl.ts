/**
 * `openssl s_server` and `openssl s_client` as TLS peers we did not write. s_server announces
 * `ACCEPT host:port` once it listens (our readiness signal) and quits at stdin EOF, so its
 * stdin stays an open pipe until the test ends it.
 */

export class OpensslPeer {
  readonly proc: Bun.Subprocess<"pipe", "pipe", "pipe">;
  readonly #out: AsyncIterator<Uint8Array>;
  readonly #decoder = new TextDecoder();
  text = "";

  constructor(args: string[]) {
    this.proc = Bun.spawn(["openssl", ...args], { stdin: "pipe", stdout: "pipe", stderr: "pipe" });
    this.#out = this.proc.stdout[Symbol.asyncIterator]();
  }

  /** Reads stdout until `pattern` matches the text so far; rejects if the process ends. */
  async waitFor(pattern: RegExp): Promise<RegExpMatchArray> {
    for (;;) {
      const match = this.text.match(pattern);
      if (match) return match;
      const { value, done } = await this.#out.next();
      if (done) throw new Error(`openssl ended before ${pattern}:\n${this.text}`);
      this.text += this.#decoder.decode(value, { stream: true });
    }
  }

  write(data: string): void {
    this.proc.stdin.write(data);
    this.proc.stdin.flush();
  }

  /** Closes stdin, then kills if still running, and waits. */
  async stop(): Promise<void> {
    try {
      this.proc.stdin.end();
    } catch {}
    if (this.proc.exitCode === null) this.proc.kill();
    await this.proc.exited;
  }
}

/** An s_server on 127.0.0.1 with an ephemeral port; resolves once it listens. */
export async function sServer(cert: string, key: string, extra: string[] = []) {
  const peer = new OpensslPeer([
    "s_server",
    "-accept",
    "127.0.0.1:0",
    "-cert",
    cert,
    "-key",
    key,
    "-naccept",
    "1",
    ...extra,
  ]);
  const [, port] = await peer.waitFor(/ACCEPT 127\.0\.0\.1:(\d+)/);
  return { peer, port: Number(port) };
}
