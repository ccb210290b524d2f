// Invalid on purpose: no default export (used by the loader tests).
export const strategy = { name: "named-only", start() {} };
