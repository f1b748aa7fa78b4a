/**
 * stdin and stdout as byte streams with backpressure: a read waits until the consumer asks,
 * a write resolves when the bytes have left the process, so a slow stdout slows the socket
 * reads (and through TCP's window, the peer) instead of growing memory.
 */
import { ptr } from "bun:ffi";
import { fstatSync, readSync, writeSync } from "node:fs";
import { libc } from "../../socket/extensions.ts";
import { fromErrno } from "../../socket/index.ts";
import { StdoutClosed, StdoutFailed } from "../_errors.ts";
import { isTerminal } from "../_terminal.ts";
import { yieldToLoop } from "../_timers.ts";
import { spliceSink } from "./_stdout-splice.ts";
import type { Endpoint } from "./endpoint.ts";

export interface ByteSink {
  write(data: Uint8Array): Promise<void>;
}

export interface StdioOptions {
  /** Read stdin (false under --recv-only, --echo, or when stdin is shared by many clients). */
  read: boolean;
  /** Drop what arrives instead of writing it to stdout (--send-only). */
  discard?: boolean;
}

/**
 * stdin and stdout as one endpoint: reads come from stdin, writes go to stdout. stdout is never
 * closed by a half-close: the process still owns it, and other sessions (-k) may write to it.
 *
 * @example
 * await pump(socketEndpoint(sock, label), stdioEndpoint({ read: true }), {}, reporter);
 */
export function stdioEndpoint(options: StdioOptions): Endpoint {
  const input = options.read ? stdinChunks() : null;
  const sink = stdoutSink();
  const position = input ? filePosition(0) : null;
  return {
    label: "stdio",
    interactive: input !== null && isTerminal(0),
    idleIsDone: input !== null,
    ...(position !== null && { file: { fd: 0, position } }),
    ...(input && {
      read: async () => {
        const next = await input.next();
        return next.done ? null : next.value;
      },
    }),
    write: options.discard ? () => Promise.resolve() : (data) => sink.write(data),
    ...(!options.discard && { spliceSink: () => spliceSink(1) }),
    shutdownWrite() {},
    // The process exits with its stdio; closing them here would cut off other sessions (-k).
    close() {},
  };
}

const SEEK_CUR = 1;

/** How much one read of a regular file takes: large reads, few syscalls. */
const FILE_CHUNK = 1024 * 1024;

/** Chunks from stdin as they arrive; ends at EOF. */
export function stdinChunks(): AsyncGenerator<Uint8Array> {
  return isRegularFile(0) ? fileChunks(0) : streamChunks();
}

/** Where reading a regular file would go on (stdin after `read line`), or null for others. */
function filePosition(fd: number): number | null {
  if (!isRegularFile(fd)) return null;
  const at = libc()?.lseek(fd, 0, SEEK_CUR);
  return at === undefined || at < 0 ? null : Number(at);
}

function isRegularFile(fd: number): boolean {
  try {
    return fstatSync(fd).isFile();
  } catch {
    return false;
  }
}

/**
 * A file never makes a read wait for data, so it is read on this thread: Bun's stream reader
 * would hand each read to a worker thread and back, which costs more than the read itself.
 */
async function* fileChunks(fd: number): AsyncGenerator<Uint8Array> {
  for (;;) {
    await yieldToLoop();
    const chunk = Buffer.allocUnsafe(FILE_CHUNK);
    const count = readSync(fd, chunk, 0, FILE_CHUNK, null);
    if (count === 0) return;
    yield chunk.subarray(0, count);
  }
}

/**
 * A pipe or terminal: Bun's stream, with the next read already under way while the consumer
 * sends the current chunk, so reading and sending overlap.
 */
async function* streamChunks(): AsyncGenerator<Uint8Array> {
  const reader = Bun.stdin.stream().getReader();
  try {
    let next = reader.read();
    for (;;) {
      const { done, value } = await next;
      if (done) return;
      await yieldToLoop();
      next = reader.read();
      if (value.length > 0) yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * stdout, written on this thread. A write returns once the bytes are in the kernel; when the
 * reader is slow the write waits, and so does the socket's reading: its window closes, and the
 * peer slows down, with nothing piling up in between. (Bun's FileSink keeps its own buffers,
 * which grew the receiver to 150+ MB behind a slow pipe.) A pipe is non-blocking (see
 * nonBlockingStdout), so EAGAIN waits for the rest in the event loop, signals still heard. A reader that has gone
 * (EPIPE) ends the session at once (StdoutClosed, exit 0); any other failure (ENOSPC) is exit 1.
 */
export function stdoutSink(fd = 1): ByteSink {
  if (fd === 1) nonBlockingStdout();
  return {
    async write(data) {
      let rest = data;
      while (rest.length > 0) {
        try {
          rest = rest.subarray(writeSync(fd, rest));
        } catch (err) {
          const { code, errno } = err as { code?: string; errno?: number };
          if (code === "EPIPE") throw new StdoutClosed("stdout closed", { cause: err });
          if (code !== "EAGAIN") {
            const text = errno === undefined ? String(err) : fromErrno(Math.abs(errno)).message;
            throw new StdoutFailed(`stdout: ${text}`, { cause: err });
          }
          await writable(fd);
        }
      }
    },
  };
}

const POLLOUT = 0x4;
/** The longest a wait for a full stdout holds this thread before signals and timers run. */
const WAIT_SLICE_MS = 50;

/**
 * Waits until stdout takes bytes again, in slices: poll(2) wakes at once when the reader has
 * made room, and a reader stalled for 50 ms gives the event loop its turn (a SIGTERM is heard).
 * Nothing is buffered meanwhile, so memory stays at one chunk however slow the reader.
 */
export async function writable(fd: number): Promise<void> {
  const lib = libc();
  if (lib) {
    const table = new Int32Array(2);
    table[0] = fd;
    new DataView(table.buffer).setInt16(4, POLLOUT, true);
    // Room already: write on at once, as a blocking write would, without reading more meanwhile.
    if (lib.poll(ptr(table), 1, WAIT_SLICE_MS) > 0) return;
  }
  await new Promise((resolve) => (lib ? setImmediate(resolve) : setTimeout(resolve, 1)));
}

const F_GETFL = 3;
const F_SETFL = 4;
const O_NONBLOCK = 0o4000;
let stdoutPrepared = false;

/**
 * A blocking write into a pipe nobody reads would hold this thread, and with it every signal
 * handler: `kill -TERM` would go unheard. So a pipe or FIFO on stdout is made non-blocking
 * (EAGAIN then waits for writability in slices, see writable(), one chunk at a time), and its
 * flags are put back at exit, since the open file may be shared. Not when stderr is the same
 * pipe (`2>&1`): log lines must never meet EAGAIN. Terminals and files are left alone.
 */
function nonBlockingStdout(): void {
  if (stdoutPrepared) return;
  stdoutPrepared = true;
  try {
    const out = fstatSync(1);
    const err = fstatSync(2);
    if (!out.isFIFO() || (out.dev === err.dev && out.ino === err.ino)) return;
  } catch {
    return;
  }
  const lib = libc();
  if (!lib) return;
  const flags = lib.fcntl(1, F_GETFL, 0);
  if (flags < 0 || flags & O_NONBLOCK) return;
  if (lib.fcntl(1, F_SETFL, flags | O_NONBLOCK) < 0) return;
  process.on("exit", () => lib.fcntl(1, F_SETFL, flags));
}

/**
 * -C over a whole stdin stream: returns toCrlf with memory, so a CR ending one read still pairs
 * with the LF that starts the next instead of gaining a second CR.
 */
export function crlfEncoder(): (data: Uint8Array) => Uint8Array {
  let afterCr = false;
  return (data) => {
    const out = toCrlf(data, afterCr);
    if (data.length > 0) afterCr = data[data.length - 1] === 0x0d;
    return out;
  };
}

/** LF → CRLF for -C, leaving CRLF pairs alone; `afterCr`: the byte before `data` was a CR. */
export function toCrlf(data: Uint8Array, afterCr = false): Uint8Array {
  const bare = (i: number) => data[i] === 0x0a && (i === 0 ? !afterCr : data[i - 1] !== 0x0d);
  let extra = 0;
  for (let i = 0; i < data.length; i++) if (bare(i)) extra++;
  if (extra === 0) return data;
  const out = new Uint8Array(data.length + extra);
  let j = 0;
  for (let i = 0; i < data.length; i++) {
    if (bare(i)) out[j++] = 0x0d;
    out[j++] = data[i] as number;
  }
  return out;
}
