// A plain-JavaScript strategy object (no factory): one child for the whole parent at the start.
export default {
  name: "all-at-once",
  start(ctx) {
    ctx.submit({ qtyBase: ctx.parent.qtyBase });
  },
};
