/**
 * Shell completion scripts generated from the citty command definitions, so a new flag is
 * completed in every shell without touching this file. Flags whose value is a path complete
 * file names; other value flags complete nothing.
 */
import type { ArgsDef } from "citty";

export interface FlagSpec {
  long: string;
  short?: string;
  description: string;
  takesValue: boolean;
  isPath: boolean;
}

export interface CommandSpec {
  name: string;
  description: string;
  flags: FlagSpec[];
  /** Words the positional arguments can take, when they form a closed list. */
  values?: string[];
}

/** Flag specs of one command's args, positionals left out. */
export function flagSpecs(args: ArgsDef): FlagSpec[] {
  const specs: FlagSpec[] = [];
  for (const [long, def] of Object.entries(args)) {
    if (def.type === "positional" || (def as { hidden?: boolean }).hidden) continue;
    const aliases = [(def as { alias?: string | string[] }).alias ?? []].flat();
    const hint = (def as { valueHint?: string }).valueHint ?? "";
    specs.push({
      long,
      short: aliases.find((a) => a.length === 1),
      description: def.description ?? "",
      takesValue: def.type === "string" || def.type === "enum",
      isPath: hint === "PATH" || hint === "FILE",
    });
  }
  return specs;
}

const words = (flags: FlagSpec[]) =>
  flags.flatMap((f) => [`--${f.long}`, ...(f.short ? [`-${f.short}`] : [])]).join(" ");

export function bashScript(commands: CommandSpec[]): string {
  const names = commands.map((c) => c.name).join(" ");
  const cases = commands.map((c) => {
    const paths = c.flags
      .filter((f) => f.isPath)
      .flatMap((f) => [`--${f.long}`, ...(f.short ? [`-${f.short}`] : [])]);
    const pathCase =
      paths.length > 0
        ? `\n      case "$prev" in ${paths.join("|")}) COMPREPLY=($(compgen -f -- "$cur")); return;; esac`
        : "";
    const all = [...(c.values ?? []), words(c.flags), "--help"].join(" ").trim();
    return `    ${c.name})${pathCase}\n      COMPREPLY=($(compgen -W "${all}" -- "$cur"));;`;
  });
  return `# sockit bash completion: source <(sockit completion bash)
_sockit() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W "${names} --help --version" -- "$cur"))
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases.join("\n")}
  esac
}
complete -F _sockit sockit
`;
}

const zshQuote = (text: string) =>
  text.replaceAll("'", "'\\''").replaceAll("[", "\\[").replaceAll("]", "\\]");

export function zshScript(commands: CommandSpec[]): string {
  const list = commands.map((c) => `    '${c.name}:${zshQuote(c.description)}'`).join("\n");
  const cases = commands.map((c) => {
    const specs = c.flags.map((f) => {
      const value = f.takesValue ? `:${f.long}:${f.isPath ? "_files" : " "}` : "";
      const names = f.short ? `{-${f.short},--${f.long}}` : `--${f.long}`;
      return `        ${f.short ? `'(-${f.short} --${f.long})'` : ""}${names}'[${zshQuote(f.description)}]${value}'`;
    });
    if (c.values) specs.push(`        '1:value:(${c.values.join(" ")})'`);
    return `    ${c.name})\n      _arguments \\\n${specs.join(" \\\n")}\n      ;;`;
  });
  return `#compdef sockit
# sockit zsh completion: source <(sockit completion zsh)
_sockit() {
  local -a commands
  commands=(
${list}
  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  shift words
  (( CURRENT-- ))
  case $words[1] in
${cases.join("\n")}
  esac
}
compdef _sockit sockit
`;
}

const fishQuote = (text: string) => `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;

export function fishScript(commands: CommandSpec[]): string {
  const lines = [
    "# sockit fish completion: sockit completion fish | source",
    "complete -c sockit -f",
  ];
  for (const c of commands) {
    lines.push(
      `complete -c sockit -n __fish_use_subcommand -a ${c.name} -d ${fishQuote(c.description)}`,
    );
    if (c.values) {
      lines.push(
        `complete -c sockit -n '__fish_seen_subcommand_from ${c.name}' -a '${c.values.join(" ")}'`,
      );
    }
    for (const f of c.flags) {
      const short = f.short ? ` -s ${f.short}` : "";
      const value = f.takesValue ? (f.isPath ? " -r -F" : " -x") : "";
      lines.push(
        `complete -c sockit -n '__fish_seen_subcommand_from ${c.name}' -l ${f.long}${short}${value} -d ${fishQuote(f.description)}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
