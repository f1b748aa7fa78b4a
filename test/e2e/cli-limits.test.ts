/** -k with -i: an idle client is closed on its own; the others and the listener go on. */
import { afterEach, expect, test } from "bun:test";
import { cleanup, jsonEvents, sockit } from "./_cli.ts";

afterEach(cleanup);

test("-k -i 1 closes only the client that fell silent", async () => {
  // stdin stays open: an ended stdin would half-close every client at once.
  const server = sockit(["listen", "-k", "--json", "-i", "1", "127.0.0.1", "0"], { open: true });
  const port = String(await server.listening());
  const silent = sockit(["connect", "--json", "127.0.0.1", port], { open: true });
  const silentLocal = (await silent.waitFor(/"local":"([^"]+)"/))[1];
  const busy = sockit(["connect", "127.0.0.1", port], { open: true });
  await server.waitFor(/"event":"connected"/, 2);
  // Keep the busy client talking, one line per round trip, until the silent one is closed.
  const closedSilent = new RegExp(
    `"event":"closed","peer":"${silentLocal?.replace(/\./g, "\\.")}"`,
  );
  let line = 0;
  while (!closedSilent.test(server.stderr) && line < 100_000) {
    busy.write(`line ${++line}\n`);
    await server.waitForStdout(`line ${line}\n`);
  }
  expect(closedSilent.test(server.stderr)).toBe(true);
  // The busy client is still served, and the listener still runs.
  busy.write("after\n");
  await server.waitForStdout("after\n");
  const closed = jsonEvents(server.stderr).filter((e) => e.event === "closed");
  expect(closed).toHaveLength(1);
  await Promise.all([silent.end(), busy.end()]);
  await Promise.all([silent.finish(), busy.finish()]);
  expect(server.proc.exitCode).toBeNull();
  await server.terminate();
});
