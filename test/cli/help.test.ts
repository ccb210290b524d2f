import { describe, expect, it } from "vitest";
import { runExecsim } from "../helpers/cli.js";

describe("execsim CLI shell", () => {
  it("--help lists the commands and exits 0", () => {
    const r = runExecsim(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/execsim data/);
  });

  it("an unknown command is a usage error with exit code 2", () => {
    const r = runExecsim(["bogus"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/INVALID_ARGUMENT/);
  });
});
