/** `--lua-exec FILE`: ncat's Lua scripts, run by the interpreter on PATH (sockit embeds none). */
import { afterEach, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanup, run, sockit, tempDir } from "./_cli.ts";
import { talk } from "./_talk.ts";

afterEach(cleanup);

/** ncat's suite's toupper.lua in spirit: an echo service that upper-cases what it reads. */
const TOUPPER = `while true do
  local data = io.stdin:read(1)
  if data == nil then break end
  io.write(data:upper())
  io.flush()
end
`;

const ENVIRONMENT = `for _, v in ipairs({"NCAT_PROTO", "NCAT_REMOTE_ADDR", "NCAT_LOCAL_PORT"}) do
  print(("%s=%s"):format(v, os.getenv(v)))
end
`;

function script(text: string): string {
  const path = join(tempDir(), "script.lua");
  writeFileSync(path, text);
  return path;
}

describe("listen --lua-exec", () => {
  if (!Bun.which("lua") && !Bun.which("lua5.4")) {
    throw new Error("lua is not installed; these tests need it (.ci/run installs lua5.4)");
  }

  test("the script is the service: its stdin and stdout are the connection", async () => {
    const server = sockit(["listen", "-v", "--lua-exec", script(TOUPPER), "127.0.0.1", "0"]);
    const port = await server.listening();
    expect((await talk(port, "hello lua\n")).toString()).toBe("HELLO LUA\n");
    expect(await server.finish()).toMatchObject({ exitCode: 0, stdout: "" });
  });

  test("the script sees ncat's environment variables", async () => {
    const server = sockit(["listen", "-v", "--lua-exec", script(ENVIRONMENT), "127.0.0.1", "0"]);
    const port = await server.listening();
    const lines = (await talk(port)).toString().trim().split("\n");
    expect(lines).toEqual([
      "NCAT_PROTO=TCP",
      "NCAT_REMOTE_ADDR=127.0.0.1",
      `NCAT_LOCAL_PORT=${port}`,
    ]);
    await server.finish();
  });
});

describe("--lua-exec usage errors, exit 2", () => {
  test("no Lua interpreter on PATH says so, before listening", async () => {
    const empty = tempDir();
    const { exitCode, lines } = await run(
      ["listen", "--lua-exec", script(TOUPPER), "127.0.0.1", "0"],
      { env: { PATH: empty } },
    );
    expect({ exitCode, first: lines[0] }).toEqual({
      exitCode: 2,
      first:
        "sockit: --lua-exec needs a Lua interpreter on PATH (lua, lua5.4, lua5.3, lua5.2, lua5.1, luajit); sockit embeds none",
    });
  });

  test("a missing script, and two programs at once", async () => {
    const missing = join(tempDir(), "nope.lua");
    expect((await run(["listen", "--lua-exec", missing, "0"])).lines[0]).toBe(
      `sockit: --lua-exec: ${missing}: no such file`,
    );
    const both = await run(["listen", "--lua-exec", script(TOUPPER), "-e", "cat", "0"]);
    expect({ exitCode: both.exitCode, first: both.lines[0] }).toEqual({
      exitCode: 2,
      first: "sockit: --exec and --lua-exec cannot be used together",
    });
  });
});
