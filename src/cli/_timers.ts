/**
 * Timers a session ends on: -q after stdin EOF, -i when nothing moves either way. Both go
 * through the library's longTimeout, so `-i 3000000` waits 35 days instead of firing at once
 * (one JavaScript timer holds at most 2^31-1 ms). And the event loop's turn for busy loops.
 */
import { type LongTimer, longTimeout } from "../socket/extensions.ts";

/** Resolves after `seconds`; never when seconds is undefined. The timer does not hold the process. */
export function after(seconds: number | undefined): Promise<void> {
  if (seconds === undefined) return new Promise(() => {});
  return new Promise((resolve) => {
    longTimeout(resolve, seconds * 1000, { unref: true });
  });
}

/** An idle timer: `touch()` on every byte moved; `expired` resolves after `seconds` of quiet. */
export class IdleTimer {
  readonly expired: Promise<void>;
  #timer: LongTimer | undefined;
  #fire: () => void = () => {};

  constructor(public seconds: number | undefined) {
    this.expired = new Promise((resolve) => {
      this.#fire = resolve;
    });
    this.touch();
  }

  touch(): void {
    if (this.seconds === undefined) return;
    this.#timer?.clear();
    this.#timer = longTimeout(this.#fire, this.seconds * 1000);
  }

  /** Starts counting `seconds` of quiet from now (a UDP client after stdin EOF). */
  rearm(seconds: number): void {
    this.seconds = seconds;
    this.touch();
  }

  stop(): void {
    this.#timer?.clear();
  }
}

/** How long a loop may run on settled promises alone before the event loop gets a turn. */
const TURN_MS = 20;
let lastTurn = performance.now();

/**
 * Gives the event loop a turn if it has not had one for TURN_MS. A source that is always ready
 * (stdin on /dev/zero or a file) sent where nothing waits (UDP sends, a reader that keeps up)
 * keeps the thread in promise callbacks, where no signal handler, timer or accept runs: such a
 * sockit ignored SIGTERM and, with -k, never took its first client.
 */
export async function yieldToLoop(): Promise<void> {
  if (performance.now() - lastTurn < TURN_MS) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  lastTurn = performance.now();
}
