/**
 * Child processes for the benchmark: start, wait for a readiness line, stop for sure.
 * Every process is registered so that an interrupted run (Ctrl-C, a thrown error) still
 * kills what it started; scenarios stop their own processes in `finally` blocks.
 */
import type { BunFile, Subprocess } from "bun";

type Stdio = "ignore" | "pipe" | BunFile;

export interface StartOptions {
  stdin?: Stdio;
  stdout?: Stdio;
  env?: Record<string, string | undefined>;
}

/** Output kept per stream: enough for readiness lines and one JSON result line. */
const KEEP_CHARS = 256 * 1024;
const STOP_GRACE_MS = 2000;

const live = new Set<Subprocess>();
/** Grandchildren we know of (started by a helper), killed with the rest on interruption. */
const adopted = new Set<number>();

/** A started child whose piped output is drained continuously so it can never block on it. */
export class Child {
  readonly proc: Subprocess;
  readonly name: string;
  readonly startedAt = performance.now();
  #text: Record<"stdout" | "stderr", string> = { stdout: "", stderr: "" };
  #ended: Record<"stdout" | "stderr", boolean> = { stdout: false, stderr: false };
  #waiters = new Set<() => void>();

  constructor(name: string, cmd: string[], options: StartOptions = {}) {
    this.name = name;
    this.proc = Bun.spawn(cmd, {
      stdin: options.stdin ?? "ignore",
      stdout: options.stdout ?? "ignore",
      stderr: "pipe",
      env: { ...process.env, NO_COLOR: "1", ...options.env },
    });
    live.add(this.proc);
    void this.proc.exited.finally(() => live.delete(this.proc));
    this.#drain("stderr", this.proc.stderr);
    this.#drain("stdout", this.proc.stdout);
  }

  get pid(): number {
    return this.proc.pid;
  }

  /** What the stream said so far (the last KEEP_CHARS of it). */
  text(stream: "stdout" | "stderr"): string {
    return this.#text[stream];
  }

  /** Resolves with the first match of `pattern` on `stream`; rejects on exit or timeout. */
  async waitFor(
    pattern: RegExp,
    stream: "stdout" | "stderr" = "stderr",
    timeoutMs = 10_000,
  ): Promise<RegExpMatchArray> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const match = this.#text[stream].match(pattern);
      if (match) return match;
      if (this.#ended[stream] || this.proc.exitCode !== null) {
        throw new Error(`${this.name} ended before ${pattern}: ${this.#tail()}`);
      }
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`${this.name}: no ${pattern} in ${timeoutMs} ms`);
      await this.#nextOutput(left);
    }
  }

  /** The port from a `... HOST:PORT` style readiness line. */
  async port(pattern: RegExp, stream: "stdout" | "stderr" = "stderr"): Promise<number> {
    const match = await this.waitFor(pattern, stream);
    return Number(match[1]);
  }

  /** The last JSON object printed on stdout, once the child has exited. */
  async result<T = Record<string, unknown>>(timeoutMs: number): Promise<T> {
    const code = await this.finish(timeoutMs);
    const lines = this.#text.stdout.trim().split("\n");
    const last = lines.at(-1) ?? "";
    if (code !== 0 || !last.startsWith("{")) {
      throw new Error(`${this.name} exited ${code}: ${last} ${this.#tail()}`);
    }
    return JSON.parse(last) as T;
  }

  /** Waits for the child to exit by itself; throws (leaving it to `stop`) if it does not. */
  async finish(timeoutMs: number): Promise<number> {
    const code = await withTimeout(this.proc.exited, timeoutMs);
    if (code === undefined) throw new Error(`${this.name} still running after ${timeoutMs} ms`);
    // Let the drains see the last bytes: exit can be reported before the pipes are read.
    await Promise.all([this.#settled("stdout"), this.#settled("stderr")]);
    return code;
  }

  /** SIGTERM, then SIGKILL after a grace period; always awaits the exit. Safe to repeat. */
  async stop(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.proc.kill("SIGTERM");
    if ((await withTimeout(this.proc.exited, STOP_GRACE_MS)) !== undefined) return;
    this.proc.kill("SIGKILL");
    await this.proc.exited;
  }

  #tail(): string {
    return this.#text.stderr.slice(-300).trim();
  }

  async #drain(stream: "stdout" | "stderr", source: unknown): Promise<void> {
    if (!(source instanceof ReadableStream)) {
      this.#ended[stream] = true;
      return;
    }
    const decoder = new TextDecoder();
    try {
      for await (const chunk of source as ReadableStream<Uint8Array>) {
        this.#text[stream] = (this.#text[stream] + decoder.decode(chunk)).slice(-KEEP_CHARS);
        this.#wake();
      }
    } catch {
      // A killed child can close its pipe mid-read; what was read is all there is.
    }
    this.#ended[stream] = true;
    this.#wake();
  }

  async #settled(stream: "stdout" | "stderr"): Promise<void> {
    for (let i = 0; i < 50 && !this.#ended[stream]; i++) await this.#nextOutput(20);
  }

  #wake(): void {
    for (const wake of this.#waiters) wake();
    this.#waiters.clear();
  }

  #nextOutput(timeoutMs: number): Promise<void> {
    const { promise, resolve } = Promise.withResolvers<void>();
    this.#waiters.add(resolve);
    const timer = setTimeout(resolve, Math.min(timeoutMs, 250));
    // The exit is also news: a waiter must not sleep through it.
    void this.proc.exited.then(() => resolve());
    return promise.finally(() => clearTimeout(timer));
  }
}

/** Several children that are stopped together, in reverse start order. */
export class ChildGroup {
  #children: Child[] = [];

  start(name: string, cmd: string[], options?: StartOptions): Child {
    const child = new Child(name, cmd, options);
    this.#children.push(child);
    return child;
  }

  async stopAll(): Promise<void> {
    for (const child of this.#children.reverse()) await child.stop();
    this.#children = [];
  }
}

/** `promise`'s value, or undefined after `ms`. The timer never keeps the process alive. */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: Timer | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, ms, undefined);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A port that was free a moment ago, for tools that cannot listen on port 0 and report it:
 * bind port 0, read the number, release it. Loopback keeps the race window small.
 */
export function freePort(): number {
  const listener = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const { port } = listener;
  listener.stop(true);
  return port;
}

/**
 * Kills a process we did not spawn ourselves (a helper's child) now, and remembers nothing
 * of it afterwards. Until then, an interrupted run kills it too: see `adopt`.
 */
export function killAdopted(pid: number): void {
  adopted.delete(pid);
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Already gone: the normal case.
  }
}

/** Registers a helper's child so that an interrupted run does not leave it behind. */
export function adopt(pid: number): void {
  adopted.add(pid);
}

/** The helper reaped its child: forget the pid, which the system may now reuse. */
export function release(pid: number): void {
  adopted.delete(pid);
}

/** Last-resort cleanup for an interrupted run: nothing may outlive the benchmark. */
export function killAllLive(): void {
  for (const proc of live) proc.kill("SIGKILL");
  for (const pid of adopted) killAdopted(pid);
}

process.on("exit", killAllLive);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    killAllLive();
    process.exit(130);
  });
}
