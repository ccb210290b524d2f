/**
 * Lazily loaded yargs commands: a command is listed by name and description (all `--help` needs) and
 * its module, with everything it imports, is loaded only when the command line names it. Start-up is
 * measured in `npm run bench` (section startup).
 */
import type { Argv, CommandModule } from "yargs";

export interface LazyCommand {
  /** The command word as typed (`compare`, `list`, ...). */
  readonly name: string;
  /** yargs usage when the command takes positionals, e.g. "import <file>" (default: name). */
  readonly usage?: string;
  /** One line for `--help` and the command's own help (its module carries no second copy). */
  readonly describe: string;
  readonly load: (args: readonly string[]) => Promise<CommandModule>;
}

/** The first argument that names one of `list`, if any (options and their values before it are skipped). */
export function chosenCommand(
  list: readonly LazyCommand[],
  args: readonly string[],
): LazyCommand | undefined {
  for (const a of args) {
    const hit = list.find((c) => c.name === a);
    if (hit) return hit;
  }
  return undefined;
}

/** Register `list` on `y`: `chosen` from its loaded module, every other one by name and description only. */
export function registerChosen(
  y: Argv,
  list: readonly LazyCommand[],
  chosen: LazyCommand | undefined,
  loaded: CommandModule | undefined,
): Argv {
  for (const c of list) {
    if (c === chosen && loaded !== undefined) y = y.command({ ...loaded, describe: c.describe });
    else y = y.command(c.usage ?? c.name, c.describe);
  }
  return y;
}
