/**
 * A server script (Python or a port) run as a child: its stdout read line by line, the port it
 * announces on its first line (`listening on N`), and a kill that awaits the exit.
 */
export class ServerScript {
  readonly #proc: Bun.Subprocess<"ignore" | "pipe", "pipe", "pipe">;
  readonly #chunks: AsyncIterator<Uint8Array>;
  readonly #decoder = new TextDecoder();
  #text = "";

  /** With `stdin` "pipe" the test types into the script with write() and endInput(). */
  constructor(cmd: readonly string[], stdin: "ignore" | "pipe" = "ignore") {
    this.#proc = Bun.spawn([...cmd], {
      stdin,
      stdout: "pipe",
      stderr: "pipe",
      env: { ...process.env, PYTHONUNBUFFERED: "1" },
    });
    this.#chunks = this.#proc.stdout[Symbol.asyncIterator]();
  }

  /** Waits until stdout holds `count` whole lines containing `marker`; fails if the script ends. */
  async waitFor(marker: string, count = 1): Promise<string> {
    const complete = () => this.#text.split("\n").slice(0, -1);
    while (complete().filter((line) => line.includes(marker)).length < count) {
      const { done, value } = await this.#chunks.next();
      if (done) {
        const stderr = await new Response(this.#proc.stderr).text();
        throw new Error(`script ended before ${count}× ${JSON.stringify(marker)}:\n${stderr}`);
      }
      this.#text += this.#decoder.decode(value, { stream: true });
    }
    return this.#text;
  }

  /** The port from the `listening on N` line. */
  async port(): Promise<number> {
    const text = await this.waitFor("listening on");
    return Number(/listening on (\d+)/.exec(text)?.[1]);
  }

  write(text: string): void {
    const sink = this.#proc.stdin as Bun.FileSink;
    sink.write(text);
    sink.flush();
  }

  endInput(): void {
    (this.#proc.stdin as Bun.FileSink).end();
  }

  /** The exit code, once the script has ended. */
  exited(): Promise<number> {
    return this.#proc.exited;
  }

  get output(): string {
    return this.#text;
  }

  async kill(): Promise<void> {
    if (this.#proc.exitCode === null) this.#proc.kill();
    await this.#proc.exited;
  }
}

/** Output with what differs between runs (descriptor numbers, ports) replaced by names. */
export function normalized(text: string): string {
  return text
    .replace(/fd=\d+/g, "fd=N")
    .replace(/listening on \d+/g, "listening on PORT")
    .replace(/('127\.0\.0\.1', )\d+/g, "$1PORT");
}
