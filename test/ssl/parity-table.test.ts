/** scripts/ssl-parity.ts: the same TLS script under python3 and sockit prints the same rows. */
import { expect, test } from "bun:test";
import { join } from "node:path";

test("every row of the python3-vs-sockit table is the same", async () => {
  const script = join(import.meta.dir, "../../scripts/ssl-parity.ts");
  const child = Bun.spawn([process.execPath, script], { stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  expect(err).toBe("");
  expect(out).not.toContain("**no**");
  expect(out).toMatch(/\n(\d+)\/\1 rows the same\n$/);
  expect(out).toContain("| getpeercert()['subjectAltName'] |");
  expect(code).toBe(0);
});
