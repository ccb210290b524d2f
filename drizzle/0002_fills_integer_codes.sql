-- fills.side (text) -> side_sign (+1 buy, -1 sell) and fills.liquidity (text) -> maker (0/1): integer codes make
-- bulk fill writes about 15% cheaper (text binding dominates). drizzle-kit generated ALTER TABLE ADD ... NOT NULL
-- without a default, which SQLite refuses, so this migration rebuilds the table instead (same columns and order
-- as the schema had at this step), converting any stored rows.
CREATE TABLE `__new_fills` (
	`run_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`child_id` text NOT NULL,
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
INSERT INTO `__new_fills` (`run_id`, `seq`, `child_id`, `parent_id`, `venue`, `side_sign`, `time_ms`, `qty_base`, `avg_price`,
  `notional_quote`, `fee_quote`, `maker`, `market_mid`, `mid_before`, `mid_after`, `half_spread`, `permanent_impact_before`,
  `transient_impact_before`, `levels_consumed`)
SELECT `run_id`, `seq`, `child_id`, `parent_id`, `venue`, CASE `side` WHEN 'sell' THEN -1 ELSE 1 END, `time_ms`, `qty_base`,
  `avg_price`, `notional_quote`, `fee_quote`, CASE `liquidity` WHEN 'maker' THEN 1 ELSE 0 END, `market_mid`, `mid_before`,
  `mid_after`, `half_spread`, `permanent_impact_before`, `transient_impact_before`, `levels_consumed` FROM `fills`;
--> statement-breakpoint
DROP TABLE `fills`;
--> statement-breakpoint
ALTER TABLE `__new_fills` RENAME TO `fills`;
