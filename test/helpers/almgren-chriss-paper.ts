/**
 * Almgren & Chriss (2000), §3 worked example: S0 = 50 $/share, X = 10⁶ shares, T = 5 days, N = 5
 * (τ = 1 day), σ = 0.95 $/share/day^½ (30 % annual vol: 0.3·50/√250 ≈ 0.949), ε = 1/16 $ (half of a
 * 1/8 spread), η = 2.5e-6 ($/share)/(share/day) (trading 1 % of a 5 M daily volume costs one spread),
 * γ = 2.5e-7 $/share² (trading 10 % of daily volume moves the price by one spread); the paper's
 * λ = 1e-6 /$ is left to each test. Shared by the model, transient-impact and CLI tests.
 */
export const AC_PAPER = {
  qty: 1e6,
  horizon: 5,
  steps: 5,
  sigma: 0.95,
  eta: 2.5e-6,
  gamma: 2.5e-7,
  epsilon: 0.0625,
} as const;

/** The same example as `execsim schedule` flags (time unit: the default 1d), without --lambda. */
export const AC_PAPER_SCHEDULE_ARGS: readonly string[] = [
  "schedule",
  "--model",
  "ac",
  "--qty",
  String(AC_PAPER.qty),
  "--horizon",
  `${AC_PAPER.horizon}d`,
  "--steps",
  String(AC_PAPER.steps),
  "--sigma",
  String(AC_PAPER.sigma),
  "--eta",
  String(AC_PAPER.eta),
  "--gamma",
  String(AC_PAPER.gamma),
  "--epsilon",
  String(AC_PAPER.epsilon),
];
