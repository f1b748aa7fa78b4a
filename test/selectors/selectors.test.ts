/** selectors: registration, errors and select() as Python's DefaultSelector behaves. */
import { expect, test } from "bun:test";
import { closeSync, openSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { socketpair, ValueError } from "../../src/index.ts";
import {
  DefaultSelector,
  EpollSelector,
  EVENT_READ,
  EVENT_WRITE,
  KeyError,
  RuntimeError,
  SelectorKey,
  SelectSelector,
} from "../../src/selectors/index.ts";
import { tempDir, track } from "../_helpers.ts";

async function pair() {
  const [a, b] = await socketpair();
  return [track(a), track(b)] as const;
}

test("DefaultSelector is EpollSelector, as on Linux", () => {
  expect(new DefaultSelector()).toBeInstanceOf(EpollSelector);
});

test("register returns a SelectorKey with the data; select reports ready keys with their events", async () => {
  using sel = new DefaultSelector();
  const [a, b] = await pair();
  const key = sel.register(a, EVENT_READ | EVENT_WRITE, "data for a");
  expect(key).toBeInstanceOf(SelectorKey);
  expect([...key]).toEqual([a, a.fileno(), 3, "data for a"]);
  expect(await sel.select(0)).toEqual([[key, EVENT_WRITE]]);
  const readOnly = sel.modify(a, EVENT_READ, "new");
  expect(readOnly.data).toBe("new");
  await b.sendall(Buffer.from("x"));
  expect(await sel.select()).toEqual([[readOnly, EVENT_READ]]);
  const both = sel.modify(a, EVENT_READ | EVENT_WRITE);
  expect(await sel.select(0)).toEqual([[both, EVENT_READ | EVENT_WRITE]]);
});

test("select(timeout) waits for readiness and returns [] when the timeout passes", async () => {
  using sel = new SelectSelector();
  const [a, b] = await pair();
  sel.register(a, EVENT_READ);
  expect(await sel.select(0.02)).toEqual([]);
  const waiting = sel.select(null);
  await b.sendall(Buffer.from("wake"));
  const ready = await waiting;
  expect(ready.map(([key, events]) => [key.fileobj, events])).toEqual([[a, EVENT_READ]]);
});

test("descriptors and fileno() objects register too; a regular file is always ready", async () => {
  using sel = new DefaultSelector();
  const path = join(tempDir(), "file");
  writeFileSync(path, "content");
  const fd = openSync(path, "r+");
  try {
    const key = sel.register({ fileno: () => fd }, EVENT_READ | EVENT_WRITE);
    expect(key.fd).toBe(fd);
    const [[ready, events]] = (await sel.select(0)) as [[SelectorKey, number]];
    expect([ready.fd, events]).toEqual([fd, EVENT_READ | EVENT_WRITE]);
    expect(() => sel.register(fd, EVENT_READ)).toThrow(KeyError);
  } finally {
    closeSync(fd);
  }
});

test("registration errors are Python's", async () => {
  using sel = new DefaultSelector();
  const [a, b] = await pair();
  sel.register(a, EVENT_READ);
  expect(() => sel.register(a, EVENT_READ)).toThrow(
    new KeyError(`${a} (FD ${a.fileno()}) is already registered`),
  );
  expect(() => sel.register(b, 0)).toThrow(new ValueError("Invalid events: 0"));
  expect(() => sel.register("x", EVENT_READ)).toThrow(new ValueError("Invalid file object: 'x'"));
  expect(() => sel.register(-1, EVENT_READ)).toThrow(new ValueError("Invalid file descriptor: -1"));
  expect(() => sel.unregister(b)).toThrow(new KeyError(`${b} is not registered`));
  expect(() => sel.get_key(b)).toThrow(new KeyError(`${b} is not registered`));
});

test("get_map looks up by file object and iterates over fds; a closed socket unregisters", async () => {
  const sel = new DefaultSelector();
  const [a] = await pair();
  const key = sel.register(a, EVENT_READ);
  const map = sel.get_map();
  expect(map?.size).toBe(1);
  expect([...(map ?? [])]).toEqual([a.fileno()]);
  expect(map?.get(a)).toBe(key);
  a.close();
  expect(await sel.select(0)).toEqual([]);
  expect(sel.unregister(a)).toBe(key);
  sel.close();
  expect(sel.get_map()).toBeNull();
  expect(() => sel.get_key(a)).toThrow(new RuntimeError("Selector is closed"));
});
