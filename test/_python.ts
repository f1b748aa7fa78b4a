/**
 * python3 as a test peer: one-shot scripts, and long-running ones whose stdout we read line by
 * line (a server announces its address on its first line). Every process is killed and awaited.
 */

export interface PythonResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A running `python3 -c script args...`, read line by line. */
export class PythonProcess {
  readonly #proc: Bun.Subprocess<"ignore", "pipe", "pipe">;
  readonly #chunks: AsyncIterator<Uint8Array>;
  readonly #decoder = new TextDecoder();
  readonly #stderr: Promise<string>;
  #buffered = "";
  #done = false;

  constructor(script: string, args: readonly string[] = []) {
    this.#proc = Bun.spawn(["python3", "-c", script, ...args], {
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
      env: { ...process.env, PYTHONUNBUFFERED: "1" },
    });
    this.#chunks = this.#proc.stdout[Symbol.asyncIterator]();
    // Drain stderr from the start so a chatty child never blocks on a full pipe.
    this.#stderr = new Response(this.#proc.stderr).text();
  }

  /** The next stdout line without its newline; rejects if the process ends first. */
  async readLine(): Promise<string> {
    for (;;) {
      const end = this.#buffered.indexOf("\n");
      if (end >= 0) {
        const line = this.#buffered.slice(0, end);
        this.#buffered = this.#buffered.slice(end + 1);
        return line;
      }
      if (!(await this.#pull())) {
        const { exitCode, stderr } = await this.finish();
        throw new Error(`python3 ended (exit ${exitCode}) before a full line:\n${stderr}`);
      }
    }
  }

  /** Waits for the exit; the result holds what stdout had after the lines already read. */
  async finish(): Promise<PythonResult> {
    while (await this.#pull()) {}
    const exitCode = await this.#proc.exited;
    const stdout = this.#buffered;
    this.#buffered = "";
    return { exitCode, stdout, stderr: await this.#stderr };
  }

  /** Rejects once the process has exited: race it against a wait that needs the process alive. */
  async exited(): Promise<never> {
    const exitCode = await this.#proc.exited;
    throw new Error(`python3 exited (exit ${exitCode}) too early:\n${await this.#stderr}`);
  }

  /** Kills the process if it still runs and waits for it; safe after finish(). */
  async kill(): Promise<void> {
    if (this.#proc.exitCode === null && this.#proc.signalCode === null) this.#proc.kill();
    await this.#proc.exited;
    await this.#chunks.return?.().catch(() => undefined);
    await this.#stderr.catch(() => undefined);
  }

  async #pull(): Promise<boolean> {
    if (this.#done) return false;
    const { value, done } = await this.#chunks.next();
    if (done) {
      this.#done = true;
      this.#buffered += this.#decoder.decode();
      return false;
    }
    this.#buffered += this.#decoder.decode(value, { stream: true });
    return true;
  }
}

/** Runs `body` with a python3 process, which is killed and awaited whatever happens. */
export async function withPython<T>(
  script: string,
  args: readonly string[],
  body: (py: PythonProcess) => Promise<T>,
): Promise<T> {
  const py = new PythonProcess(script, args);
  try {
    return await body(py);
  } finally {
    await py.kill();
  }
}

/** Runs a script to the end; throws with its stderr if it fails. */
export async function runPython(script: string, args: readonly string[] = []): Promise<string> {
  return withPython(script, args, async (py) => {
    const result = await py.finish();
    if (result.exitCode !== 0) {
      throw new Error(`python3 exited with ${result.exitCode}:\n${result.stderr}`);
    }
    return result.stdout;
  });
}

/** What a call did: the exception it raised (Python's class name, errno, str()), or its result. */
export interface Outcome {
  name: string | null;
  errno: number | null;
  message: string | null;
  result: unknown;
}

/**
 * Runs Python snippets, each in a copy of one namespace, all in one python3 process, and prints
 * one Outcome a line. `S(family)` sockets are closed after each snippet; a snippet reports a
 * value by assigning `result`. The helpers match the ones python-parity.test.ts gives our side.
 */
const OUTCOME_DRIVER = `
import json, socket, sys
opened = []
def S(family=socket.AF_INET):
    s = socket.socket(family)
    opened.append(s)
    return s
S6 = lambda: S(socket.AF_INET6)
SU = lambda: S(socket.AF_UNIX)
def closed(family=socket.AF_INET):
    s = S(family)
    s.close()
    return s
def closed_port():
    s = S()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port
def listening():
    s = S()
    s.bind(("127.0.0.1", 0))
    s.listen()
    return s
for code in json.loads(sys.argv[1]):
    out = {"name": None, "errno": None, "message": None, "result": None}
    try:
        ns = dict(globals())
        exec(code, ns)
        out["result"] = ns.get("result")
    except Exception as e:
        out.update(name=type(e).__name__, errno=getattr(e, "errno", None), message=str(e))
    finally:
        for s in opened:
            s.close()
        opened.clear()
    print(json.dumps(out))
`;

/** The Outcome of every snippet, in order, from a single python3 run. */
export async function pythonOutcomes(snippets: readonly string[]): Promise<Outcome[]> {
  const stdout = await runPython(OUTCOME_DRIVER, [JSON.stringify(snippets)]);
  return stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Outcome);
}

/** The Outcome of one of our calls, recorded the way the driver records Python's. */
export async function outcomeOf(action: () => unknown): Promise<Outcome> {
  try {
    const result = await action();
    return { name: null, errno: null, message: null, result: result ?? null };
  } catch (err) {
    const { name, message, errno } = err as Error & { errno?: number | null };
    return { name, errno: errno ?? null, message, result: null };
  }
}
