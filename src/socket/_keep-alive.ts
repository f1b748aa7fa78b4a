/**
 * Python's process ends when its script does, open sockets or not; Bun's keeps running while
 * any socket is referenced. So every Bun socket, listener and UDP socket is unref'd when it is
 * made, and the event loop is held only while a call waits (accept, recv, connect, a sendall
 * waiting for drain, select): a blocked call is what keeps a Python process alive.
 */

let waiting = 0;
/**
 * One interval of the longest delay timers accept (it never fires), ref'd while anything waits
 * and unref'd otherwise: toggling it costs far less than a timer made and cleared per wait.
 */
let holder: ReturnType<typeof setInterval> | null = null;

/** Keeps the process alive until a matching release(). */
export function hold(): void {
  if (waiting++ > 0) return;
  if (holder) holder.ref();
  else holder = setInterval(() => {}, 0x7fffffff);
}

/** Ends one hold(); the process may exit once none is left. */
export function release(): void {
  if (--waiting === 0) holder?.unref();
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
