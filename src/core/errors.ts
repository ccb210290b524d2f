/**
 * Typed errors. Every error execsim raises on purpose carries a stable `code` (for scripts and tests)
 * and a message that says what went wrong and how to fix it. The CLI prints `code: message` and exits
 * with a non-zero status; anything that is not an ExecsimError is a bug and is reported as such.
 */
export type ErrorCode =
  | "INVALID_ARGUMENT" // a CLI flag or library parameter is out of range or malformed
  | "INVALID_CONFIG" // a run / strategy configuration is inconsistent
  | "PARSE_ERROR" // malformed JSON / CSV (file, line and field are in the message)
  | "VALIDATION_ERROR" // well-formed input that breaks a market-data invariant (high < low, NaN, ...)
  | "NOT_FOUND" // unknown symbol, run, strategy, file
  | "INSUFFICIENT_DATA" // a statistic or model needs more data than the range holds
  | "BYBIT_API_ERROR" // Bybit answered retCode != 0
  | "NETWORK_ERROR" // HTTP / network failure after all retries
  | "STRATEGY_ERROR" // a strategy threw during a run
  | "MODEL_ERROR" // a model cannot be evaluated on these inputs (e.g. eta-tilde <= 0)
  | "DATABASE_ERROR" // the store refused an operation, or its file is not a usable database
  | "IO_ERROR" // writing output failed (disk full, closed descriptor)
  | "DATA_MISMATCH"; // stored or saved candles differ from the ones a baseline was saved on (hash)

export class ExecsimError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: ErrorOptions) {
    super(message, options);
    this.name = "ExecsimError";
    this.code = code;
    this.details = details;
  }
}

export function isExecsimError(e: unknown): e is ExecsimError {
  return e instanceof ExecsimError;
}

/** Throw INVALID_ARGUMENT unless `cond` holds. `what` names the parameter, `hint` says what is accepted. */
export function require_(cond: unknown, what: string, hint: string): asserts cond {
  if (!cond) throw new ExecsimError("INVALID_ARGUMENT", `${what}: ${hint}`);
}

export function requireFinite(x: number, what: string): void {
  if (!Number.isFinite(x))
    throw new ExecsimError("INVALID_ARGUMENT", `${what} must be a finite number, got ${x}`);
}

export function requirePositive(x: number, what: string): void {
  if (!(Number.isFinite(x) && x > 0))
    throw new ExecsimError("INVALID_ARGUMENT", `${what} must be a finite number > 0, got ${x}`);
}

export function requireNonNegative(x: number, what: string): void {
  if (!(Number.isFinite(x) && x >= 0))
    throw new ExecsimError("INVALID_ARGUMENT", `${what} must be a finite number >= 0, got ${x}`);
}
