// Invalid on purpose: the default export has no start function (used by the loader tests).
export default { name: "broken", onBar() {} };
