import { describe, expect, test } from "bun:test";
import { normalizeArgs, parsedArgs } from "../../src/cli/_argv.ts";

const defs = {
  first: { type: "positional", required: false },
  second: { type: "positional", required: false },
  "keep-open": { type: "boolean", alias: "k" },
  wait: { type: "string", alias: "w" },
  "ssl-verify": { type: "boolean", negativeDescription: "skip the check" },
  allow: { type: "string" },
} as const;

const parse = (...argv: string[]) => parsedArgs(normalizeArgs(argv, defs), defs);

describe("parsedArgs: the object a command's run() reads", () => {
  test("flags by name, values as strings, positionals by their names and in _", () => {
    expect(parse("-k", "host", "-w3", "80")).toEqual({
      _: ["host", "80"],
      first: "host",
      second: "80",
      "keep-open": true,
      wait: "3",
    });
  });

  test("--no-NAME is false for a flag that documents it", () => {
    expect(parse("--no-ssl-verify", "80")["ssl-verify"]).toBe(false);
  });

  test("a missing positional is undefined, a value may hold '=' and repeated --allow merges", () => {
    const args = parse("--allow=a=b", "--allow", "c");
    expect(args.first).toBeUndefined();
    expect(args.allow).toBe("a=b\nc");
    expect(args._).toEqual([]);
  });
});
