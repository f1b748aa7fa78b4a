/**
 * Timers a session ends on: -q after stdin EOF, -i when nothing moves either way. Both go
 * through the library's longTimeout, so `-i 3000000` waits 35 days instead of firing at once
 * (one JavaScript timer holds at most 2^31-1 ms).
 */
import { type LongTimer, longTimeout } from "../socket/_long-timer.ts";

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
