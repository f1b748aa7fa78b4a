/**
 * -p (and -s) with --proxy: they bind the connection to the proxy, as ncat does, since that
 * is the only connection this side makes.
 */
import { afterEach, expect, test } from "bun:test";
import { boundSocket, cleanup, sockit } from "./_cli.ts";

afterEach(cleanup);

/** A port that was free a moment ago: bound, read, released. */
async function freePort(): Promise<number> {
  await using probe = await boundSocket();
  return (probe.getsockname() as [string, number])[1];
}

for (const type of ["http", "socks4", "socks5"]) {
  test(`--proxy-type ${type} -p PORT connects to the proxy from PORT`, async () => {
    await using proxy = await boundSocket();
    const proxyPort = (proxy.getsockname() as [string, number])[1];
    const source = await freePort();
    const via = ["--proxy-type", type, "--proxy", `127.0.0.1:${proxyPort}`];
    const from = ["-s", "127.0.0.1", "-p", `${source}`];
    const client = sockit(["connect", ...via, ...from, "127.0.0.1", "9"], { open: true });
    const [conn, peer] = await proxy.accept();
    conn.close();
    expect(peer).toEqual(["127.0.0.1", source]);
    await client.kill();
  });
}
