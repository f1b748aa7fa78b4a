/**
 * Timeouts beyond what one JavaScript timer holds (2^31-1 ms, 24.8 days) up to Python's own
 * limit (2^63 ns): blocking calls and select() wait, as in Python, instead of timing out at
 * once; beyond the limit they raise Python's OverflowError. A short timeout on another socket
 * proves the timer phase has passed: an overflowed timer (fired after 1 ms) would have come first.
 */
import { describe, expect, test } from "bun:test";
import {
  OverflowError,
  type Socket,
  select,
  setdefaulttimeout,
  TimeoutError,
} from "../../src/index.ts";
import { longTimeout } from "../../src/socket/_long-timer.ts";
import { bytes, connectedPair, expectRaises, listener, tracked } from "../_helpers.ts";

/** Seconds just past one timer's reach, well past it, and Python's largest. */
const LONG = [2 ** 31 / 1000 + 1, 3e6, 9.2e9];

/** Resolves once a 50 ms socket timeout has fired: every shorter timer has fired by then. */
async function aShortTimeoutPassed(): Promise<void> {
  const [, conn] = await connectedPair();
  conn.settimeout(0.05);
  await expectRaises(() => conn.recv(1), TimeoutError, "timed out");
}

/** `promise` with a flag telling whether it has settled yet. */
function watch<T>(promise: Promise<T>) {
  const state = { settled: false, promise };
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}

describe("timeouts longer than one timer", () => {
  test.each(LONG)("settimeout(%p): recv waits for the data", async (seconds) => {
    const [client, conn] = await connectedPair();
    conn.settimeout(seconds);
    const pending = watch(conn.recv(10));
    await aShortTimeoutPassed();
    expect(pending.settled).toBe(false);
    await client.sendall(bytes("late"));
    expect((await pending.promise).toString()).toBe("late");
  });

  test.each(LONG)("settimeout(%p): accept waits for a client", async (seconds) => {
    const srv = await listener();
    srv.settimeout(seconds);
    const pending = watch(srv.accept());
    await aShortTimeoutPassed();
    expect(pending.settled).toBe(false);
    const client = tracked();
    await client.connect(srv.getsockname());
    const [conn] = await pending.promise;
    conn.close();
  });

  test("setdefaulttimeout(3e6): new sockets wait too", async () => {
    setdefaulttimeout(3e6);
    try {
      const srv = await listener();
      const pending = watch(srv.accept());
      await aShortTimeoutPassed();
      expect(pending.settled).toBe(false);
      srv.close();
      await pending.promise.catch(() => {});
    } finally {
      setdefaulttimeout(null);
    }
  });

  test.each(LONG)("select(..., %p) waits until a socket is readable", async (seconds) => {
    const [client, conn] = await connectedPair();
    const pending = watch(select([conn], [], [], seconds));
    await aShortTimeoutPassed();
    expect(pending.settled).toBe(false);
    await client.sendall(bytes("x"));
    expect(await pending.promise).toEqual([[conn], [], []]);
  });
});

describe("beyond Python's limit: OverflowError, as Python's", () => {
  const cases = [
    // A safe integer stands for a Python int, anything else for a float.
    [1e10, "timestamp too large to convert to C _PyTime_t"],
    [9.3e9 + 0.5, "timestamp out of range for platform time_t"],
    [Number.POSITIVE_INFINITY, "timestamp out of range for platform time_t"],
  ] as const;

  test.each(cases)("settimeout(%p)", async (seconds, message) => {
    await expectRaises(() => tracked().settimeout(seconds), OverflowError, message);
  });

  test.each(cases)("select(..., %p)", async (seconds, message) => {
    const sock: Socket = tracked();
    await expectRaises(() => select([sock], [], [], seconds), OverflowError, message);
  });

  test("select(..., -1e300) overflows before it is found negative", async () => {
    await expectRaises(
      () => select([], [], [], -1e300),
      OverflowError,
      "timestamp out of range for platform time_t",
    );
  });
});

describe("longTimeout", () => {
  test("fires once the whole delay has passed, however many steps it takes", async () => {
    const started = performance.now();
    const { promise, resolve } = Promise.withResolvers<number>();
    longTimeout(() => resolve(performance.now() - started), 60, { step: 7 });
    expect(await promise).toBeGreaterThanOrEqual(59);
  });

  test("clear() stops it between steps", async () => {
    let fired = false;
    const timer = longTimeout(() => (fired = true), 30, { step: 5 });
    const { promise, resolve } = Promise.withResolvers<void>();
    setTimeout(() => timer.clear(), 12);
    // A timer due after the cleared one: once it fires, the cleared one would have.
    longTimeout(resolve, 60, { step: 5 });
    await promise;
    expect(fired).toBe(false);
  });
});
