/**
 * setTimeout for any delay. Timers hold their delay in a signed 32-bit int: past 2^31-1 ms
 * (24.8 days) Node and Bun print TimeoutOverflowWarning and fire after 1 ms, so a socket with
 * settimeout(3e6) would time out at once. Python's timeouts go up to 2^63 ns (292 years); a
 * long delay is waited for in steps that each fit, re-measured against the clock every time.
 */

/** The longest delay one setTimeout takes as given. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface LongTimer {
  /** Cancels the timer; safe to call after it fired, and twice. */
  clear(): void;
}

/**
 * Calls `fire` once `ms` milliseconds have passed (never for Infinity). With `unref`, the
 * timer does not keep the process alive. `step` is the longest single wait (tests shorten it).
 *
 * @example
 * const timer = longTimeout(() => reject(new TimeoutError()), 3e9);
 * timer.clear();
 */
export function longTimeout(
  fire: () => void,
  ms: number,
  options: { unref?: boolean; step?: number } = {},
): LongTimer {
  const step = options.step ?? MAX_TIMER_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (ms === Number.POSITIVE_INFINITY) return { clear() {} };
  const at = performance.now() + ms;
  const arm = (delay: number) => {
    timer = setTimeout(check, Math.min(Math.max(0, Math.ceil(delay)), step));
    if (options.unref) timer.unref?.();
  };
  // A step can end a fraction of a millisecond early: only the clock says when it is time.
  const check = () => {
    const left = at - performance.now();
    if (left > 0) return arm(left);
    timer = undefined;
    fire();
  };
  arm(ms);
  return {
    clear() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
