import { expect, test } from "bun:test";

/** Runs a script to completion and returns its stdout; fails with its stderr otherwise. */
async function output(cmd: string[]): Promise<string> {
  const child = Bun.spawn(cmd, { stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  if (code !== 0) throw new Error(`${cmd.join(" ")} exited ${code}: ${stderr}`);
  return stdout;
}

test("a Python UDP + select + module-function script and its line-by-line port print the same", async () => {
  const [python, ported] = await Promise.all([
    output(["python3", "scripts/port/udp_select.py"]),
    output([process.execPath, "scripts/port/udp-select.ts"]),
  ]);
  expect(python).toContain("udp pong 2");
  expect(ported).toBe(python);
});
