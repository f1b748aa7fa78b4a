/**
 * A real terminal for tests: a detached tmux session running a program, typed into with
 * send-keys and read with capture-pane, as a person would see it.
 */
import { SOCKIT } from "./_cli.ts";

let sessions = 0;

export class Terminal {
  readonly name = `sockit-test-${process.pid}-${++sessions}`;

  /** Starts `command` in a new detached tmux session of the given size. */
  constructor(command: string, width = 100, height = 20) {
    tmux([
      "new-session",
      "-d",
      "-s",
      this.name,
      "-x",
      String(width),
      "-y",
      String(height),
      command,
    ]);
  }

  /** Types text; tmux key names (Enter, Tab, C-u) are sent as keys. */
  keys(...keys: string[]): void {
    tmux(["send-keys", "-t", this.name, ...keys]);
  }

  /** Types text literally, with no key-name interpretation. */
  type(text: string): void {
    tmux(["send-keys", "-t", this.name, "-l", text]);
  }

  /** The visible screen, trailing blank lines dropped. */
  screen(): string {
    return tmux(["capture-pane", "-p", "-t", this.name]).replace(/\n+$/, "");
  }

  /**
   * Waits until the screen matches. tmux offers no event for a screen change, so this re-reads
   * it every 20 ms, for at most `ms`; on failure the error shows the last screen.
   */
  async waitFor(pattern: RegExp, ms = 3000): Promise<string> {
    const deadline = performance.now() + ms;
    for (;;) {
      const screen = this.screen();
      if (pattern.test(screen)) return screen;
      if (performance.now() > deadline)
        throw new Error(`screen never matched ${pattern}:\n${screen}`);
      await Bun.sleep(20);
    }
  }

  close(): void {
    Bun.spawnSync(["tmux", "kill-session", "-t", this.name], { stderr: "ignore" });
  }
}

function tmux(args: string[]): string {
  const result = Bun.spawnSync(["tmux", ...args], { stdout: "pipe", stderr: "pipe" });
  if (result.exitCode !== 0) throw new Error(`tmux ${args[0]} failed: ${result.stderr.toString()}`);
  return result.stdout.toString();
}

/** A bash with no rc files, a plain prompt, and dist/ (holding sockit) first on PATH. */
export function bashWithSockit(): Terminal {
  const dist = SOCKIT.slice(0, SOCKIT.lastIndexOf("/"));
  const term = new Terminal(
    `env -i HOME=/tmp TERM=xterm PATH=${dist}:/usr/bin:/bin NO_COLOR=1 bash --norc --noprofile`,
  );
  term.type("PS1='$ '");
  term.keys("Enter");
  return term;
}
