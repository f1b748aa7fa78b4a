/**
 * A child process under test: stdout and stderr collected as they arrive, waits for stderr lines
 * or stdout text, and a bounded wait for the exit that kills the process and reports its stderr
 * on overrun. `killAll()` kills and awaits every child still running (see `cleanup` in _cli.ts).
 */

/**
 * How long a step may take before the test fails with the process's stderr. Loopback work takes
 * milliseconds; the margin is for a busy CI machine, and stays under bun's 5 s test timeout so
 * that our message, not a bare timeout, is what a failure shows.
 */
export const DEADLINE_MS = 4000;

/**
 * The environment a user's shell would give: bun test sets NODE_ENV=test, which `bun build`
 * would bake into the binary and libraries read at run time; neither belongs in an e2e run.
 */
export const ENV: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1" };
delete ENV.NODE_ENV;

export interface SpawnOptions {
  /** Bytes for stdin, followed by EOF unless `open` is set. Without both, stdin is /dev/null. */
  input?: string | Uint8Array;
  /** Keep stdin open: the test writes with `write()` and ends it with `end()`. */
  open?: boolean;
  /** stdin is this open descriptor, as `< file` gives (shares its position with the test). */
  stdinFd?: number;
  /** Receives stdout as it arrives instead of it being collected (bulk transfers). */
  onStdout?: (chunk: Uint8Array) => void;
  /** Variables added to the user-like environment (SOCKIT_DEBUG=1). */
  env?: Record<string, string>;
}

export interface Finished {
  exitCode: number;
  stdout: string;
  stdoutBytes: Buffer;
  stderr: string;
  /** stderr split into lines, without the final empty one. */
  lines: string[];
}

const running = new Set<Child>();

/** Kills and awaits every child that has not been waited for to its exit. */
export async function killAll(): Promise<void> {
  await Promise.all([...running].map((proc) => proc.kill()));
}

/** A running process, its output collected as it arrives. */
export class Child {
  readonly proc: Bun.Subprocess<"pipe" | "ignore" | Uint8Array, "pipe", "pipe">;
  readonly #stdout: Buffer[] = [];
  #stderr = "";
  #ended = false;
  #waiters: (() => void)[] = [];
  readonly #drained: Promise<void>;

  /** `name` is how messages call it: `sockit listen ...` rather than the binary's full path. */
  constructor(
    argv: readonly string[],
    options: SpawnOptions,
    readonly name = argv.join(" "),
  ) {
    const input = typeof options.input === "string" ? Buffer.from(options.input) : options.input;
    this.proc = Bun.spawn([...argv], {
      stdin: options.stdinFd ?? (options.open ? "pipe" : (input ?? "ignore")),
      stdout: "pipe",
      stderr: "pipe",
      env: { ...ENV, ...options.env },
    });
    running.add(this);
    if (options.open && input) this.write(input);
    const onStdout =
      options.onStdout ?? ((chunk: Uint8Array) => this.#stdout.push(Buffer.from(chunk)));
    this.#drained = Promise.all([this.#pump(this.proc.stdout, onStdout), this.#readStderr()]).then(
      () => {
        this.#ended = true;
        this.#wake();
      },
    );
  }

  /** stderr so far. */
  get stderr(): string {
    return this.#stderr;
  }

  /** stdout so far, as text. */
  get stdout(): string {
    return Buffer.concat(this.#stdout).toString();
  }

  /** Writes to stdin (only with `open: true`). */
  write(data: string | Uint8Array): void {
    const sink = this.proc.stdin as Bun.FileSink;
    sink.write(data);
    // A child that already exited makes this fail with EPIPE; the test's next wait reports that
    // exit with the child's stderr, which says more than an unhandled rejection would.
    Promise.resolve(sink.flush()).catch(() => {});
  }

  /** Writes to stdin and waits until the bytes have been taken by the pipe (backpressure). */
  async send(data: Uint8Array): Promise<void> {
    const sink = this.proc.stdin as Bun.FileSink;
    sink.write(data);
    await sink.flush();
  }

  /** Closes stdin: EOF for the process. */
  async end(): Promise<void> {
    await (this.proc.stdin as Bun.FileSink).end();
  }

  /** The `count`-th stderr match of `pattern`, waiting for it; fails if the process exits first. */
  waitFor(pattern: RegExp, count = 1): Promise<RegExpMatchArray> {
    const global = new RegExp(pattern.source, `${pattern.flags.replace("g", "")}g`);
    const what = count === 1 ? `${pattern} on stderr` : `${pattern} ${count} times on stderr`;
    return this.#until(() => [...this.#stderr.matchAll(global)][count - 1], what);
  }

  /** Waits until stdout contains `text`. */
  async waitForStdout(text: string): Promise<void> {
    await this.#until(
      () => this.stdout.includes(text) || undefined,
      `${JSON.stringify(text)} on stdout`,
    );
  }

  /** The address from the listener's own event: `Listening on ADDR` (-v) or JSON `listening`. */
  async listeningAddress(): Promise<string> {
    const match = await this.waitFor(
      /Listening on (\S+)(?: \(.*\))?$|"event":"listening","address":"([^"]+)"/m,
    );
    return (match[1] ?? match[2]) as string;
  }

  /** The port from the listening event. */
  async listening(): Promise<number> {
    const address = await this.listeningAddress();
    return Number(address.slice(address.lastIndexOf(":") + 1));
  }

  /** SIGTERM, as a user's kill would send, then the exit (a listener's normal end). */
  terminate(): Promise<Finished> {
    this.proc.kill("SIGTERM");
    return this.finish();
  }

  /** Waits for the exit within the deadline; on overrun kills the process and fails with stderr. */
  async finish(deadlineMs = DEADLINE_MS): Promise<Finished> {
    let timer: Timer | undefined;
    const overrun = new Promise<"overrun">((resolve) => {
      timer = setTimeout(() => resolve("overrun"), deadlineMs);
    });
    const outcome = await Promise.race([this.proc.exited.then(() => this.#drained), overrun]);
    clearTimeout(timer);
    if (outcome === "overrun") {
      await this.kill();
      throw new Error(
        `${this.name} still ran after ${deadlineMs} ms; killed. stderr:\n${this.#stderr}`,
      );
    }
    running.delete(this);
    const stdoutBytes = Buffer.concat(this.#stdout);
    const lines = this.#stderr.split("\n");
    if (lines.at(-1) === "") lines.pop();
    // -1 marks a death by signal, which no sockit exit path produces on its own.
    return {
      exitCode: this.proc.exitCode ?? -1,
      stdout: stdoutBytes.toString(),
      stdoutBytes,
      stderr: this.#stderr,
      lines,
    };
  }

  /** Kills the process if it still runs and waits for it and its pipes; safe to call twice. */
  async kill(): Promise<void> {
    running.delete(this);
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill("SIGKILL");
    await this.proc.exited;
    await this.#drained.catch(() => undefined);
  }

  async #pump(
    stream: ReadableStream<Uint8Array>,
    sink: (chunk: Uint8Array) => void,
  ): Promise<void> {
    for await (const chunk of stream) {
      sink(chunk);
      this.#wake();
    }
  }

  async #readStderr(): Promise<void> {
    const decoder = new TextDecoder();
    await this.#pump(this.proc.stderr, (chunk) => {
      this.#stderr += decoder.decode(chunk, { stream: true });
    });
  }

  #wake(): void {
    for (const wake of this.#waiters.splice(0)) wake();
  }

  /** Re-checks `probe` on every output chunk until it gives a value, output ends, or time is up. */
  async #until<T>(probe: () => T | undefined, what: string): Promise<T> {
    const deadline = performance.now() + DEADLINE_MS;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      const ended = this.#ended;
      if (ended || performance.now() > deadline) {
        await this.kill();
        const why = ended ? `it exited with ${this.proc.exitCode}` : `${DEADLINE_MS} ms passed`;
        throw new Error(`${this.name}: waited for ${what}, but ${why}. stderr:\n${this.#stderr}`);
      }
      const { promise, resolve } = Promise.withResolvers<void>();
      const timer = setTimeout(resolve, deadline - performance.now() + 1);
      this.#waiters.push(resolve);
      await promise;
      clearTimeout(timer);
    }
  }
}
