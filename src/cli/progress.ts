/**
 * Progress of long commands on stderr, only when stderr is a terminal (and the caller did not ask
 * for JSON): one line, rewritten in place, with the rate so far and an ETA.
 */
export interface ProgressReporter {
  update(done: number, total: number, elapsedMs: number): void;
  done(): void;
}

export function progressReporter(what: string, unit: string, enabled: boolean): ProgressReporter {
  const on = enabled && process.stderr.isTTY === true;
  let shown = false;
  return {
    update(done, total, elapsedMs) {
      if (!on) return;
      const eta =
        done > 0 && done < total ? ` ETA ${(((elapsedMs / done) * (total - done)) / 1000).toFixed(0)} s` : "";
      process.stderr.write(
        `\r${what}: ${done}/${total} ${unit}, ${(elapsedMs / 1000).toFixed(1)} s${eta}   `,
      );
      shown = true;
    },
    done() {
      if (on && shown) process.stderr.write("\n");
    },
  };
}
