/**
 * Tests on the real data in ../shared/data (see /work/shared/data/README.md, not in the repository).
 * `describeWithSharedData(files, title, fn)`: when every file exists the block runs under its plain
 * title; when one is missing it is skipped with "(skipped: ../shared/data absent)" in the title, except
 * under CI=true, where the block fails instead (a CI run must not silently skip the real-data tests);
 * `itWithSharedData` does the same for a single test.
 */
import { existsSync } from "node:fs";
import { describe, it } from "vitest";

export function describeWithSharedData(
  files: string | readonly string[],
  title: string,
  fn: () => void,
): void {
  const missing = (typeof files === "string" ? [files] : files).filter((f) => !existsSync(f));
  if (missing.length === 0) describe(title, fn);
  else if (process.env.CI === "true") {
    describe(title, () => {
      it("finds its real data under ../shared/data", () => {
        throw new Error(
          `CI=true but ${missing.join(", ")} is missing: check out the shared data beside the repository (../shared/data) so these tests run`,
        );
      });
    });
  } else describe.skip(`${title} (skipped: ../shared/data absent)`, fn);
}

/**
 * One test on real data: `it(title, fn, timeout)` when every file exists; otherwise skipped with
 * "(skipped: ../shared/data absent)" in its title, except under CI=true, where it fails instead.
 */
export function itWithSharedData(
  files: string | readonly string[],
  title: string,
  fn: () => unknown,
  timeout?: number,
): void {
  const missing = (typeof files === "string" ? [files] : files).filter((f) => !existsSync(f));
  if (missing.length === 0) it(title, fn as () => Promise<void>, timeout);
  else if (process.env.CI === "true")
    it(title, () => {
      throw new Error(
        `CI=true but ${missing.join(", ")} is missing: check out the shared data beside the repository (../shared/data) so this test runs`,
      );
    });
  else it.skip(`${title} (skipped: ../shared/data absent)`, fn as () => Promise<void>);
}
