/**
 * What the user asked to see of a session: -v connection events (worded as ncat words them),
 * -x / --hex-dump hex dumps, -o session copies, --json events (README: "Events for scripts").
 * Each call is a no-op unless its flag is on.
 */
import type { Address } from "../../socket/index.ts";
import type { CommonFlags } from "../_args.ts";
import { writeErr } from "../_terminal.ts";
import { addressFields, errorFields, showAddress } from "./fields.ts";
import { type Direction, hexdump } from "./hexdump.ts";
import type { Logger } from "./logger.ts";
import { Progress, type ProgressMode } from "./progress.ts";
import { openForWriting, writeAll } from "./session-files.ts";

export { showAddress };

function progressMode(flag: boolean | undefined): ProgressMode {
  if (flag === undefined) return "auto";
  return flag ? "on" : "off";
}

export interface Totals {
  sent: number;
  received: number;
}

export class Reporter {
  readonly logger: Logger;
  readonly totals: Totals = { sent: 0, received: 0 };
  /** Set for the default dual-stack listener: IPv4 peers are shown as IPv4 (fields.ts). */
  unmapPeers = false;
  readonly #started = performance.now();
  readonly #verbose: boolean;
  readonly #json: boolean;
  readonly #hex: boolean;
  /** -o: the raw session bytes; --hex-dump: the dump. Descriptors, or undefined. */
  readonly #sessionFile: number | undefined;
  readonly #hexFile: number | undefined;

  readonly #progress: Progress;
  #denied = 0;
  readonly #deniedSeen = new Set<string>();
  #summarized = false;

  constructor(flags: CommonFlags, logger: Logger) {
    const progress = new Progress(progressMode(flags.progress), Boolean(flags.json), this.totals);
    this.#progress = progress;
    // A log line first wipes the progress line, which the next redraw puts back under it.
    const after = (log: (message: string) => void) => (message: string) => {
      progress.clear();
      log(message);
    };
    this.logger = {
      info: after((m) => logger.info(m)),
      warn: after((m) => logger.warn(m)),
      error: after((m) => logger.error(m)),
    };
    // With --json every stderr line is a JSON event: -v's plain lines would break parsers.
    this.#verbose = Boolean(flags.verbose) && !flags.json;
    this.#json = Boolean(flags.json);
    this.#hex = Boolean(flags.hex);
    this.#sessionFile = flags.output === undefined ? undefined : openForWriting(flags.output);
    this.#hexFile = flags["hex-dump"] === undefined ? undefined : openForWriting(flags["hex-dump"]);
  }

  get verbose(): boolean {
    return this.#verbose;
  }

  /** Always said when the port was chosen by the OS: the user needs to know it. */
  /** `also`: a second stack served by the same socket, said with -v (`[::]:80, also IPv4`). */
  listening(address: Address, proto: string, always: boolean, also = ""): void {
    this.#event("listening", { ...this.#fields("address", address), proto });
    const extra = also ? ` (${also})` : "";
    if (this.#verbose || (always && !this.#json))
      this.logger.info(`Listening on ${this.#show(address)}${this.#verbose ? extra : ""}`);
  }

  accepted(peer: Address, id: number): void {
    this.#event("connected", { ...this.#fields("peer", peer), id, direction: "in" });
    if (this.#verbose) this.logger.info(`Connection from ${this.#show(peer)}.`);
  }

  /** A client's socket is ready; for UDP nothing is connected, so -v says `Sending to`. */
  connected(peer: Address, local: Address, datagram = false): void {
    this.#event("connected", {
      ...this.#fields("peer", peer),
      ...this.#fields("local", local),
      direction: "out",
    });
    if (this.#verbose)
      this.logger.info(`${datagram ? "Sending to" : "Connected to"} ${this.#show(peer)}.`);
  }

  /** True when a report shows the bytes themselves (-x, --hex-dump, -o), not only counts. */
  get needsBytes(): boolean {
    return this.#hex || this.#hexFile !== undefined || this.#sessionFile !== undefined;
  }

  /** Bytes that moved without passing through us (sendfile): counts, progress, --json. */
  counted(direction: Direction, count: number, id = 0): void {
    if (direction === "sent") this.totals.sent += count;
    else this.totals.received += count;
    this.#progress.begin();
    if (this.#json) this.#event("data", { direction, bytes: count, id });
  }

  data(direction: Direction, bytes: Uint8Array, id = 0): void {
    const offset = direction === "sent" ? this.totals.sent : this.totals.received;
    if (direction === "sent") this.totals.sent += bytes.length;
    else this.totals.received += bytes.length;
    this.#progress.begin();
    if (direction === "received") this.#progress.beforeOutput(bytes);
    if (this.#json) this.#event("data", { direction, bytes: bytes.length, id });
    if (this.#sessionFile !== undefined) writeAll(this.#sessionFile, bytes);
    if (!this.#hex && this.#hexFile === undefined) return;
    const dump = hexdump(direction, offset, bytes);
    if (this.#hex) {
      this.#progress.clear();
      writeErr(dump);
    }
    if (this.#hexFile !== undefined) writeAll(this.#hexFile, dump);
  }

  closed(peer: Address | null, id = 0): void {
    this.#event("closed", { ...this.#fields("peer", peer), id });
  }

  /** A connection turned away (-m): a JSON event, and a line with -v. */
  refused(peer: Address, reason: string): void {
    this.#event("refused", { ...this.#fields("peer", peer), reason });
    if (this.#verbose) this.logger.info(`Refused ${this.#show(peer)}: ${reason}.`);
  }

  /**
   * A peer refused by --allow/--deny. Counted every time; said once per address and port, so a
   * UDP source that keeps sending is one line, not a flood (at most 1,000 are remembered).
   */
  denied(peer: Address, rule: string): void {
    this.#denied++;
    const key = this.#show(peer);
    if (this.#deniedSeen.has(key)) return;
    if (this.#deniedSeen.size >= 1000) this.#deniedSeen.clear();
    this.#deniedSeen.add(key);
    this.#event("denied", { ...this.#fields("peer", peer), rule });
    if (this.#verbose) this.logger.info(`Denied ${key} (${rule}).`);
  }

  /** A broker client disconnected by the hub (its queue overflowed): an event, and -v says so. */
  dropped(peer: Address, id: number, reason: string): void {
    this.#event("dropped", { ...this.#fields("peer", peer), id, reason });
    if (this.#verbose) this.logger.info(`Dropping ${this.#show(peer)}: ${reason}.`);
  }

  /** After -z: one line with what was found, instead of the byte counts of a session. */
  scanSummary(host: string, proto: string, scanned: number, open: number[], seconds: number): void {
    this.#summarized = true;
    this.#progress.finish();
    this.#event("summary", { host, proto, scanned, open, seconds: Number(seconds.toFixed(3)) });
    if (!this.#verbose) return;
    const listed = open.length > 20 ? `${open.slice(0, 20).join(", ")}, ...` : open.join(", ");
    const found = open.length === 0 ? "none open" : `${open.length} open (${listed})`;
    const ports = scanned === 1 ? "1 port" : `${scanned} ports`;
    this.logger.info(
      `Scanned ${ports} of ${host} (${proto}) in ${seconds.toFixed(2)} seconds: ${found}.`,
    );
  }

  scan(host: string, port: number, proto: string, open: boolean): void {
    this.#event("scan", { host, port, proto, open });
  }

  note(message: string): void {
    if (this.#verbose) this.logger.info(message);
  }

  /** The closing summary: `12 bytes sent, 34 bytes received in 0.52 seconds.` */
  summary(): void {
    if (this.#summarized) return;
    this.#progress.finish();
    const seconds = (performance.now() - this.#started) / 1000;
    const { sent, received } = this.totals;
    const denied = this.#denied > 0 ? { denied: this.#denied } : {};
    this.#event("summary", { sent, received, seconds: Number(seconds.toFixed(3)), ...denied });
    if (this.#verbose) {
      const refusals = this.#denied > 0 ? `, ${this.#denied} denied` : "";
      this.logger.info(
        `${sent} bytes sent, ${received} bytes received in ${seconds.toFixed(2)} seconds${refusals}.`,
      );
    }
  }

  /** A signal ends the session: the progress line, if shown, is completed with a newline. */
  interrupted(): void {
    this.#progress.finish();
  }

  /** The one line of a failure; with --json its errno and code too. */
  error(line: string, err?: unknown): void {
    this.#progress.finish();
    this.#event("error", { message: line, ...errorFields(err) });
    if (!this.#json) this.logger.error(line);
  }

  #show(address: Address | null | undefined): string {
    return showAddress(address, this.unmapPeers);
  }

  #fields(key: string, address: Address | null | undefined) {
    return addressFields(key, address, this.unmapPeers);
  }

  #event(event: string, fields: Record<string, unknown>): void {
    if (!this.#json) return;
    writeErr(JSON.stringify({ time: new Date().toISOString(), event, ...fields }));
  }
}
