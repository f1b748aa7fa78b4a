/**
 * Peak memory of running processes, from /proc/PID/status (Linux only, like the rest of
 * the benchmark).
 */

/** Peak resident set (VmHWM) of a running process in bytes; 0 once it is gone. */
export async function peakRss(pid: number): Promise<number> {
  try {
    const status = await Bun.file(`/proc/${pid}/status`).text();
    const kb = status.match(/^VmHWM:\s+(\d+) kB/m)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Follows a process's VmHWM until stopped. rusage's maxRSS is no use here: Bun spawns with
 * vfork, so a child's maxRSS includes the harness's own RSS at exec time, while VmHWM
 * belongs to the program's own address space. VmHWM only grows, so the last reading before
 * exit is the peak, give or take the final poll interval.
 */
export class RssWatch {
  #peak = 0;
  #timer: Timer;

  constructor(pid: number, intervalMs = 10) {
    const poll = async () => {
      this.#peak = Math.max(this.#peak, await peakRss(pid));
    };
    void poll();
    this.#timer = setInterval(poll, intervalMs);
  }

  /** The peak seen so far, in bytes; the watch goes on until stop(). */
  get peak(): number {
    return this.#peak;
  }

  stop(): number {
    clearInterval(this.#timer);
    return this.#peak;
  }
}
