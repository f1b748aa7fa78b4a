/**
 * Python's process ends when its script does, open sockets or not; Bun's keeps running while
 * any socket is referenced. So every Bun socket, listener and UDP socket is unref'd when it is
 * made, and the event loop is held only while a call waits (accept, recv, connect, a sendall
 * waiting for drain, select): a blocked call is what keeps a Python process alive.
 */

let waiting = 0;
let holder: ReturnType<typeof setInterval> | null = null;

/** Keeps the process alive until the returned release function is called (once). */
export function holdWhileWaiting(): () => void {
  waiting++;
  // An interval of the longest delay timers accept; it never fires in practice.
  holder ??= setInterval(() => {}, 0x7fffffff);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    waiting--;
    if (waiting === 0 && holder) {
      clearInterval(holder);
      holder = null;
    }
  };
}

/** Anything Bun refs by default: sockets, listeners, UDP sockets. */
interface Referenced {
  unref(): void;
}

/** Lets the process end while `handle` is open; waiting calls hold it instead. */
export function letExit<T extends Referenced>(handle: T): T {
  handle.unref();
  return handle;
}
