/**
 * The --progress line: bytes each way, rate and elapsed time, redrawn in place on stderr at
 * most ten times a second. Only ever on a terminal and never with --json; by default it appears
 * once a transfer has lasted a second, so quick exchanges leave no trace, and never in a chat
 * (stdin and stdout both a terminal): progress is for transfers. Received text on the same
 * terminal wins: the line is wiped before it, and drawn again only at the start of a line, so
 * it never glues onto text the peer sent without a newline.
 */
import { writeSync } from "node:fs";
import { isTerminal } from "../_terminal.ts";
import type { Totals } from "./reporter.ts";

const REDRAW_MS = 100;
const AUTO_DELAY_MS = 1000;
const CLEAR_LINE = "\r\x1b[K";

export type ProgressMode = "auto" | "on" | "off";

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** 75.2 → "1:15". */
function formatElapsed(seconds: number): string {
  const whole = Math.floor(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

export class Progress {
  readonly #totals: Totals;
  readonly #delay: number;
  #started = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** The line is on the screen now / has been at some point. */
  #shown = false;
  #drawn = false;

  /** Whether stdout's cursor is at the start of a line (stdout on the same terminal). */
  #atLineStart = true;
  readonly #stdoutIsTerminal: boolean;

  constructor(mode: ProgressMode, json: boolean, totals: Totals) {
    this.#totals = totals;
    this.#stdoutIsTerminal = isTerminal(1);
    const chat = isTerminal(0) && this.#stdoutIsTerminal;
    const wanted = mode !== "off" && !json && isTerminal(2) && !(mode === "auto" && chat);
    this.#delay = wanted ? (mode === "on" ? 0 : AUTO_DELAY_MS) : Number.POSITIVE_INFINITY;
  }

  /** Called with the first byte: the clock starts with the transfer, not with the wait for it. */
  begin(): void {
    if (this.#started !== 0 || this.#delay === Number.POSITIVE_INFINITY) return;
    this.#started = performance.now();
    this.#timer = setInterval(() => {
      if (performance.now() - this.#started >= this.#delay) this.#draw();
    }, REDRAW_MS);
    this.#timer.unref?.();
  }

  /** The line as it stands now. */
  line(): string {
    const seconds = (performance.now() - this.#started) / 1000;
    const { sent, received } = this.#totals;
    const rate = seconds > 0 ? (sent + received) / seconds : 0;
    return `sent ${formatBytes(sent)}, received ${formatBytes(received)}, ${formatBytes(rate)}/s, ${formatElapsed(seconds)}`;
  }

  /** Wipes the line so a log message can take its place; the next redraw brings it back. */
  clear(): void {
    if (this.#shown) writeSync(2, CLEAR_LINE);
    this.#shown = false;
  }

  /** Called before `data` goes to stdout: off the screen with the line, and note where it ends. */
  beforeOutput(data: Uint8Array): void {
    if (!this.#stdoutIsTerminal || data.length === 0) return;
    this.clear();
    this.#atLineStart = data[data.length - 1] === 0x0a;
  }

  /** Stops redrawing; a line that was shown is completed with the final figures. */
  finish(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#drawn) {
      // Over the line itself, or below received text that did not end its line.
      const start = this.#shown ? CLEAR_LINE : this.#atLineStart ? "" : "\n";
      writeSync(2, `${start}${this.line()}\n`);
    }
    this.#shown = false;
    this.#drawn = false;
  }

  #draw(): void {
    if (!this.#atLineStart) return;
    this.#shown = true;
    this.#drawn = true;
    writeSync(2, `${CLEAR_LINE}${this.line()}`);
  }
}
