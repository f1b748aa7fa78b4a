/**
 * The --allow/--deny gate on the peer tuples the library hands over: IPv4, IPv6 with scope
 * fields, IPv4-mapped IPv6 (what a dual-stack listener gives for an IPv4 client), Unix paths.
 */
import { describe, expect, test } from "bun:test";
import { type AccessFlags, accessGate } from "../../src/cli/access.ts";
import type { Reporter } from "../../src/cli/report/reporter.ts";
import type { Address } from "../../src/index.ts";

/** Collects denials instead of printing them. */
function recorder() {
  const denied: [string, string][] = [];
  const reporter = { denied: (peer: Address, rule: string) => denied.push([String(peer), rule]) };
  return { denied, reporter: reporter as unknown as Reporter };
}

const V4: Address = ["10.1.2.3", 4000];
const MAPPED: Address = ["::ffff:10.1.2.3", 4000, 0, 0];
const V6: Address = ["fd00::5", 4000, 0, 0];
const LINK: Address = ["fe80::1%eth0", 4000, 0, 2];

describe("accessGate", () => {
  test("no rules: no gate at all", async () => {
    expect(await accessGate({}, recorder().reporter)).toBeNull();
  });

  test.each([
    ["10.0.0.0/8 admits IPv4 and mapped IPv4", { allow: "10.0.0.0/8" }, [V4, MAPPED], [V6]],
    ["one address, mapped in the rule", { allow: "::ffff:10.1.2.3" }, [V4, MAPPED], [V6]],
    ["fd00::/8 admits IPv6 only", { allow: "fd00::/8" }, [V6], [V4, MAPPED, LINK]],
    ["a scoped peer matches fe80::/10", { allow: "fe80::/10" }, [LINK], [V6, V4]],
    ["deny wins over allow", { allow: "0.0.0.0/0,::/0", deny: "10.1.0.0/16" }, [V6], [V4, MAPPED]],
    ["::/0 denies IPv6 peers, not mapped IPv4", { deny: "::/0" }, [V4, MAPPED], [V6, LINK]],
    ["lines from a merged repeat", { deny: "10.1.2.3\nfd00::5" }, [LINK], [V4, MAPPED, V6]],
  ] as [string, AccessFlags, Address[], Address[]][])(
    "%s",
    async (_name, flags, inside, outside) => {
      const { reporter, denied } = recorder();
      const gate = await accessGate(flags, reporter);
      for (const peer of inside) expect(gate?.(peer)).toBe(true);
      for (const peer of outside) expect(gate?.(peer)).toBe(false);
      expect(denied).toHaveLength(outside.length);
    },
  );

  test("a Unix peer has no address: any allow rule shuts it out", async () => {
    const gate = await accessGate({ allow: "0.0.0.0/0" }, recorder().reporter);
    expect(gate?.("/tmp/peer.sock")).toBe(false);
  });
});
