/** Timers a session ends on: -q after stdin EOF, -i when nothing moves either way. */

/** Resolves after `seconds`; never when seconds is undefined. The timer does not hold the process. */
export function after(seconds: number | undefined): Promise<void> {
  if (seconds === undefined) return new Promise(() => {});
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, seconds * 1000);
    timer.unref?.();
  });
}

/** An idle timer: `touch()` on every byte moved; `expired` resolves after `seconds` of quiet. */
export class IdleTimer {
  readonly expired: Promise<void>;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #fire: () => void = () => {};

  constructor(public seconds: number | undefined) {
    this.expired = new Promise((resolve) => {
      this.#fire = resolve;
    });
    this.touch();
  }

  touch(): void {
    if (this.seconds === undefined) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(this.#fire, this.seconds * 1000);
  }

  /** Starts counting `seconds` of quiet from now (a UDP client after stdin EOF). */
  rearm(seconds: number): void {
    this.seconds = seconds;
    this.touch();
  }

  stop(): void {
    clearTimeout(this.#timer);
  }
}
