/** `sockit completion bash|zsh|fish`: prints a completion script for the shell. */
import { type ArgsDef, type CommandDef, defineCommand } from "citty";
import { UsageError } from "../_errors.ts";
import { writeOut } from "../_terminal.ts";
import {
  bashScript,
  type CommandSpec,
  fishScript,
  flagSpecs,
  zshScript,
} from "./_completion-scripts.ts";

const SHELLS = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;

export default defineCommand({
  meta: { name: "completion", description: "Print a shell completion script (bash, zsh, fish)" },
  args: {
    shell: {
      type: "positional",
      required: false,
      valueHint: "SHELL",
      description: "bash, zsh or fish",
    },
  },
  async run({ args }) {
    const render = SHELLS[args.shell as keyof typeof SHELLS];
    if (!render) throw new UsageError(`unknown shell '${args.shell ?? ""}': use bash, zsh or fish`);
    // main.ts lists the commands; importing it here (not at the top) keeps the module graph acyclic.
    const { subCommands } = await import("../main.ts");
    const specs: CommandSpec[] = [];
    for (const [name, load] of Object.entries(subCommands)) {
      const cmd = (await load()) as CommandDef;
      const meta = (cmd.meta ?? {}) as { description?: string };
      const flags = flagSpecs((cmd.args ?? {}) as ArgsDef);
      const values = name === "completion" ? Object.keys(SHELLS) : undefined;
      specs.push({ name, description: meta.description ?? "", flags, values });
    }
    writeOut(render(specs));
    return 0;
  },
});
