/**
 * What the user asked to see of a session: -v connection events (worded as ncat words them),
 * -x / -o hex dumps, --json events. Each call is a no-op unless its flag is on.
 */
import { appendFileSync, writeFileSync } from "node:fs";
import type { Address } from "../../socket/index.ts";
import type { CommonFlags } from "../_args.ts";
import { writeErr } from "../_terminal.ts";
import { type Direction, hexdump } from "./hexdump.ts";
import type { Logger } from "./logger.ts";
import { Progress, type ProgressMode } from "./progress.ts";

function progressMode(flag: boolean | undefined): ProgressMode {
  if (flag === undefined) return "auto";
  return flag ? "on" : "off";
}

export interface Totals {
  sent: number;
  received: number;
}

/** `127.0.0.1:8080`, `[::1]:8080` or the Unix path. */
export function showAddress(address: Address | null | undefined): string {
  if (address === null || address === undefined) return "";
  if (typeof address === "string") return address || "(unnamed)";
  const [host, port] = address;
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

export class Reporter {
  readonly logger: Logger;
  readonly totals: Totals = { sent: 0, received: 0 };
  readonly #started = performance.now();
  readonly #verbose: boolean;
  readonly #json: boolean;
  readonly #hex: boolean;
  readonly #output: string | undefined;

  readonly #progress: Progress;
  #denied = 0;
  readonly #deniedSeen = new Set<string>();

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
    this.#output = flags.output;
    if (this.#output) writeFileSync(this.#output, "");
  }

  get verbose(): boolean {
    return this.#verbose;
  }

  /** Always said when the port was chosen by the OS: the user needs to know it. */
  listening(address: Address, proto: string, always: boolean): void {
    this.#event("listening", { address: showAddress(address), proto });
    if (this.#verbose || (always && !this.#json))
      this.logger.info(`Listening on ${showAddress(address)}`);
  }

  accepted(peer: Address, id: number): void {
    this.#event("connected", { peer: showAddress(peer), id, direction: "in" });
    if (this.#verbose) this.logger.info(`Connection from ${showAddress(peer)}.`);
  }

  connected(peer: Address, local: Address): void {
    this.#event("connected", {
      peer: showAddress(peer),
      local: showAddress(local),
      direction: "out",
    });
    if (this.#verbose) this.logger.info(`Connected to ${showAddress(peer)}.`);
  }

  data(direction: Direction, bytes: Uint8Array, id = 0): void {
    const offset = direction === "sent" ? this.totals.sent : this.totals.received;
    if (direction === "sent") this.totals.sent += bytes.length;
    else this.totals.received += bytes.length;
    this.#progress.begin();
    if (this.#json) this.#event("data", { direction, bytes: bytes.length, id });
    if (!this.#hex && !this.#output) return;
    const dump = hexdump(direction, offset, bytes);
    if (this.#hex) {
      this.#progress.clear();
      writeErr(dump);
    }
    if (this.#output) appendFileSync(this.#output, dump);
  }

  closed(peer: Address | null, id = 0): void {
    this.#event("closed", { peer: showAddress(peer), id });
  }

  /** A connection turned away (-m): a JSON event, and a line with -v. */
  refused(peer: Address, reason: string): void {
    this.#event("refused", { peer: showAddress(peer), reason });
    if (this.#verbose) this.logger.info(`Refusing ${showAddress(peer)}: ${reason}.`);
  }

  /**
   * A peer refused by --allow/--deny. Counted every time; said once per address and port, so a
   * UDP source that keeps sending is one line, not a flood (at most 1,000 are remembered).
   */
  denied(peer: Address, rule: string): void {
    this.#denied++;
    const key = showAddress(peer);
    if (this.#deniedSeen.has(key)) return;
    if (this.#deniedSeen.size >= 1000) this.#deniedSeen.clear();
    this.#deniedSeen.add(key);
    this.#event("denied", { peer: key, rule });
    if (this.#verbose) this.logger.info(`Denied ${key} (${rule}).`);
  }

  /** A broker client disconnected by the hub (its queue overflowed): an event, and -v says so. */
  dropped(peer: Address, id: number, reason: string): void {
    this.#event("dropped", { peer: showAddress(peer), id, reason });
    if (this.#verbose) this.logger.info(`Dropping ${showAddress(peer)}: ${reason}.`);
  }

  scan(host: string, port: number, proto: string, open: boolean): void {
    this.#event("scan", { host, port, proto, open });
  }

  note(message: string): void {
    if (this.#verbose) this.logger.info(message);
  }

  /** The closing summary: `12 bytes sent, 34 bytes received in 0.52 seconds.` */
  summary(): void {
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

  error(line: string): void {
    this.#progress.finish();
    this.#event("error", { message: line });
    if (!this.#json) this.logger.error(line);
  }

  #event(event: string, fields: Record<string, unknown>): void {
    if (!this.#json) return;
    writeErr(JSON.stringify({ time: new Date().toISOString(), event, ...fields }));
  }
}
