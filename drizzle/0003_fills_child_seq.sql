-- fills.child_id (text) -> child_seq (the child order's position in the run, = child_orders.seq of the same run):
-- one text binding less per fill row makes bulk fill writes cheaper, and the join to child_orders is on integers.
-- drizzle-kit generated ALTER TABLE ADD ... NOT NULL without a default, which SQLite refuses, so this migration
-- rebuilds the table instead (same columns and order as src/store/schema.ts), converting any stored rows.
CREATE TABLE `__new_fills` (
	`run_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`child_seq` integer NOT NULL,
	`parent_id` text NOT NULL,
	`venue` text NOT NULL,
	`side_sign` integer NOT NULL,
	`time_ms` integer NOT NULL,
	`qty_base` real NOT NULL,
	`avg_price` real NOT NULL,
	`notional_quote` real NOT NULL,
	`fee_quote` real NOT NULL,
	`maker` integer NOT NULL,
	`market_mid` real NOT NULL,
	`mid_before` real NOT NULL,
	`mid_after` real NOT NULL,
	`half_spread` real NOT NULL,
	`permanent_impact_before` real NOT NULL,
	`transient_impact_before` real NOT NULL,
	`levels_consumed` integer NOT NULL,
	PRIMARY KEY(`run_id`, `seq`),
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_fills` (`run_id`, `seq`, `child_seq`, `parent_id`, `venue`, `side_sign`, `time_ms`, `qty_base`,
  `avg_price`, `notional_quote`, `fee_quote`, `maker`, `market_mid`, `mid_before`, `mid_after`, `half_spread`,
  `permanent_impact_before`, `transient_impact_before`, `levels_consumed`)
SELECT f.`run_id`, f.`seq`,
  coalesce((SELECT c.`seq` FROM `child_orders` c WHERE c.`run_id` = f.`run_id` AND c.`child_id` = f.`child_id`), -1),
  f.`parent_id`, f.`venue`, f.`side_sign`, f.`time_ms`, f.`qty_base`, f.`avg_price`, f.`notional_quote`, f.`fee_quote`,
  f.`maker`, f.`market_mid`, f.`mid_before`, f.`mid_after`, f.`half_spread`, f.`permanent_impact_before`,
  f.`transient_impact_before`, f.`levels_consumed`
FROM `fills` f;
--> statement-breakpoint
DROP TABLE `fills`;
--> statement-breakpoint
ALTER TABLE `__new_fills` RENAME TO `fills`;
