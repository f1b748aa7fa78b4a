/**
 * The selector itself: a registry of file objects with the events each waits for, and
 * select() on top of the socket module's select(), which knows sockit sockets, descriptors
 * and fileno() objects alike.
 */
import { fileDescriptorOf } from "../socket/_fd-registry.ts";
import { READINESS, type Readiness } from "../socket/_transport.ts";
import { ValueError } from "../socket/errors.ts";
import { select as selectLists } from "../socket/select.ts";
import { KeyError, pyRepr, RuntimeError, SelectorKey } from "./_key.ts";

export const EVENT_READ = 1;
export const EVENT_WRITE = 2;

/** A sockit socket: select() asks it for readiness; its fd may not exist yet (Bun makes it late). */
function isSockitSocket(value: unknown): value is { [READINESS](): Readiness; fileno(): number } {
  return typeof value === "object" && value !== null && READINESS in value;
}

/** Python's `selectors.BaseSelector` behaviour, shared by every selector class here. */
export class BaseSelector {
  /** Keyed by the socket object for sockit sockets, by the descriptor number otherwise. */
  #keys: Map<unknown, SelectorKey> | null = new Map();

  /** Starts watching `fileobj` for `events` (EVENT_READ | EVENT_WRITE); returns its key. */
  register<T>(fileobj: unknown, events: number, data: T | null = null): SelectorKey<T> {
    const keys = this.#open();
    if (!Number.isInteger(events) || events === 0 || (events & ~(EVENT_READ | EVENT_WRITE)) !== 0) {
      throw new ValueError(`Invalid events: ${pyRepr(events)}`);
    }
    const [slot, fd] = this.#lookup(fileobj);
    if (keys.has(slot)) {
      throw new KeyError(`${pyRepr(fileobj)} (FD ${fd}) is already registered`);
    }
    const key = new SelectorKey<T>(fileobj, fd, events, data);
    keys.set(slot, key);
    return key;
  }

  /** Stops watching `fileobj` (closed ones too); returns its key. */
  unregister(fileobj: unknown): SelectorKey {
    const keys = this.#open();
    const slot = this.#slotOf(fileobj);
    const key = keys.get(slot);
    if (!key) throw new KeyError(`${pyRepr(fileobj)} is not registered`);
    keys.delete(slot);
    return key;
  }

  /** Changes the events or data of a registered file object; returns the new key. */
  modify<T>(fileobj: unknown, events: number, data: T | null = null): SelectorKey<T> {
    const keys = this.#open();
    const key = keys.get(this.#slotOf(fileobj));
    if (!key) throw new KeyError(`${pyRepr(fileobj)} is not registered`);
    if (events !== key.events) {
      this.unregister(fileobj);
      return this.register(fileobj, events, data);
    }
    const changed = new SelectorKey<T>(key.fileobj, key.fd, key.events, data);
    keys.set(this.#slotOf(fileobj), changed);
    return changed;
  }

  /**
   * Waits until a registered file object is ready, or `timeout` seconds pass (null: forever,
   * 0 or less: just look). Resolves with `[key, events]` pairs; empty on timeout.
   */
  async select(timeout: number | null = null): Promise<[SelectorKey, number][]> {
    const keys = [...this.#open().values()];
    const wait = timeout === null || timeout === undefined ? null : Math.max(0, timeout);
    // A closed socket drops out of the kernel's set as epoll drops a closed descriptor.
    const live = keys.filter((k) => !isSockitSocket(k.fileobj) || !k.fileobj[READINESS]().closed);
    const target = (k: SelectorKey) => (isSockitSocket(k.fileobj) ? k.fileobj : k.fd);
    const reading = live.filter((k) => k.events & EVENT_READ);
    const writing = live.filter((k) => k.events & EVENT_WRITE);
    const [r, w] = await selectLists(reading.map(target), writing.map(target), [], wait);
    const readySet = new Set(r);
    const writeSet = new Set(w);
    const ready: [SelectorKey, number][] = [];
    for (const key of live) {
      const events =
        (readySet.has(target(key)) && key.events & EVENT_READ ? EVENT_READ : 0) |
        (writeSet.has(target(key)) && key.events & EVENT_WRITE ? EVENT_WRITE : 0);
      if (events) ready.push([key, events]);
    }
    return ready;
  }

  /** Forgets every registration; the selector cannot be used again. */
  close(): void {
    this.#keys?.clear();
    this.#keys = null;
  }

  /** The key of a registered file object; KeyError when it is not registered. */
  get_key(fileobj: unknown): SelectorKey {
    const keys = this.#keys;
    if (!keys) throw new RuntimeError("Selector is closed");
    const key = keys.get(this.#slotOf(fileobj));
    if (!key) throw new KeyError(`${pyRepr(fileobj)} is not registered`);
    return key;
  }

  /** The registrations by file object, or null once closed. */
  get_map(): SelectorMapping | null {
    return this.#keys ? new SelectorMapping(this.#keys, (f) => this.#slotOf(f)) : null;
  }

  [Symbol.dispose](): void {
    this.close();
  }

  #open(): Map<unknown, SelectorKey> {
    if (!this.#keys) throw new RuntimeError("Selector is closed");
    return this.#keys;
  }

  /** The registry slot and the fd of a file object, with Python's errors for bad ones. */
  #lookup(fileobj: unknown): [unknown, number] {
    if (isSockitSocket(fileobj)) {
      if (fileobj[READINESS]().closed) throw new ValueError("Invalid file descriptor: -1");
      return [fileobj, fileobj.fileno()];
    }
    let fd: number;
    try {
      fd = fileDescriptorOf(fileobj);
    } catch (err) {
      if (err instanceof ValueError) throw new ValueError(`Invalid file descriptor: ${fileobj}`);
      throw new ValueError(`Invalid file object: ${pyRepr(fileobj)}`);
    }
    return [fd, fd];
  }

  /** Like #lookup, but a file object that no longer has a descriptor is found by identity. */
  #slotOf(fileobj: unknown): unknown {
    try {
      return this.#lookup(fileobj)[0];
    } catch (err) {
      for (const key of this.#keys?.values() ?? []) if (key.fileobj === fileobj) return fileobj;
      throw err;
    }
  }
}

/** Python's `_SelectorMapping`: read-only, looked up by file object, iterating over fds. */
export class SelectorMapping {
  readonly #keys: Map<unknown, SelectorKey>;
  readonly #slotOf: (fileobj: unknown) => unknown;

  constructor(keys: Map<unknown, SelectorKey>, slotOf: (fileobj: unknown) => unknown) {
    this.#keys = keys;
    this.#slotOf = slotOf;
  }

  get size(): number {
    return this.#keys.size;
  }

  get(fileobj: unknown): SelectorKey | undefined {
    try {
      return this.#keys.get(this.#slotOf(fileobj));
    } catch {
      return undefined;
    }
  }

  has(fileobj: unknown): boolean {
    return this.get(fileobj) !== undefined;
  }

  *keys(): Generator<number> {
    for (const key of this.#keys.values()) yield key.fd;
  }

  values(): IterableIterator<SelectorKey> {
    return this.#keys.values();
  }

  [Symbol.iterator](): Generator<number> {
    return this.keys();
  }
}
