/**
 * Progress with an ETA on stderr for work that can take more than a few seconds (fetch, import,
 * compare/run over months), drawn by cli-progress (a maintained library: redraw throttling, ETA,
 * terminal width), only when stderr is a terminal and --json is off; otherwise every call is a no-op,
 * so piped and scripted output stays exactly as before.
 */
import cliProgress from "cli-progress";

export interface Progress {
  /** Set the total (when it becomes known) and the amount done. */
  update(done: number, total?: number): void;
  /** Remove the bar (call when the work ends, also on failure). */
  stop(): void;
}

const NONE: Progress = { update: () => {}, stop: () => {} };

/** True when progress may be drawn: stderr is a terminal and the output is not JSON. */
export function progressWanted(argv: { json?: boolean }): boolean {
  return process.stderr.isTTY === true && argv.json !== true;
}

/** A progress bar labelled `label` with `unit` (e.g. "pages"), or a no-op when not wanted. */
export function startProgress(argv: { json?: boolean }, label: string, unit: string, total = 0): Progress {
  if (!progressWanted(argv)) return NONE;
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | ETA {eta_formatted}`,
      stream: process.stderr,
      clearOnComplete: true,
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total > 0 ? total : 1, 0);
  let stopped = false;
  return {
    update(done, t) {
      if (stopped) return;
      if (t !== undefined) bar.setTotal(t);
      bar.update(done);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}

/** Run `fn` with a progress bar that is stopped however `fn` ends. */
export async function withProgress<T>(
  argv: { json?: boolean },
  label: string,
  unit: string,
  fn: (p: Progress) => T | Promise<T>,
): Promise<T> {
  const p = startProgress(argv, label, unit);
  try {
    return await fn(p);
  } finally {
    p.stop();
  }
}
