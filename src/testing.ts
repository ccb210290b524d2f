/**
 * The `execsim/testing` entry point: helpers for users' own test suites (see src/testing/index.ts).
 * Imports no test framework, so it loads in plain Node.
 */
export {
  BaselineMismatchError,
  expectMatchesBaseline,
  type MatchBaselineOptions,
} from "./testing/index.js";
