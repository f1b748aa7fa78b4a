import { afterEach, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanup, sockit, tempDir } from "./_cli.ts";
import { bashWithSockit, type Terminal } from "./_tmux.ts";

afterEach(cleanup);

const terminals: Terminal[] = [];
afterEach(() => {
  for (const t of terminals.splice(0)) t.close();
});

/** Each shell's script, written to a file; the syntax is checked by the shell itself. */
async function script(shell: string): Promise<string> {
  const run = await sockit(["completion", shell]).finish();
  expect(run.exitCode).toBe(0);
  const path = join(tempDir(), `sockit.${shell}`);
  writeFileSync(path, run.stdout);
  return path;
}

describe("sockit completion", () => {
  test("bash: `sockit con<TAB>` and `sockit listen --ke<TAB>` complete in a real bash", async () => {
    const path = await script("bash");
    const term = bashWithSockit();
    terminals.push(term);
    term.type(`source ${path}; echo sourced`);
    term.keys("Enter");
    // Keys typed while bash is still busy are echoed by the terminal ahead of its next prompt
    // (`sockit con$ sockit connect`): type only once the prompt is back.
    await term.waitFor(/^sourced\s*\n\$\s*$/m);
    term.type("sockit con");
    term.keys("Tab");
    await term.waitFor(/^\$ sockit connect\s*$/m);
    term.keys("C-u");
    term.type("sockit listen --ke");
    term.keys("Tab");
    await term.waitFor(/^\$ sockit listen --keep-open\s*$/m);
    term.keys("C-u");
    term.type("sockit completion z");
    term.keys("Tab");
    await term.waitFor(/^\$ sockit completion zsh\s*$/m);
  });

  test.each([
    ["bash", ["bash", "-n"]],
    ["zsh", ["zsh", "-n"]],
    ["fish", ["fish", "--no-execute"]],
  ])("%s: the script parses in its shell and names every flag", async (shell, check) => {
    const path = await script(shell);
    const parsed = Bun.spawnSync([...check, path], { stderr: "pipe" });
    expect(parsed.stderr.toString()).toBe("");
    expect(parsed.exitCode).toBe(0);
    const text = await Bun.file(path).text();
    for (const flag of ["keep-open", "max-conns", "source-port", "idle-timeout", "hex"]) {
      expect(text).toContain(flag);
    }
  });

  test("an unknown shell is a usage error", async () => {
    const run = await sockit(["completion", "tcsh"]).finish();
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("unknown shell 'tcsh'");
  });
});
