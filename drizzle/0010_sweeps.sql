CREATE TABLE `sweep_points` (
	`sweep_id` integer NOT NULL,
	`idx` integer NOT NULL,
	`label` text NOT NULL,
	`params_json` text NOT NULL,
	`status` text NOT NULL,
	`run_id` integer,
	`summary_json` text,
	`cost_parts_json` text,
	`theoretical_json` text,
	`shortfall_quote_json` text,
	PRIMARY KEY(`sweep_id`, `idx`),
	FOREIGN KEY (`sweep_id`) REFERENCES `sweeps`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `sweeps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_at_ms` integer NOT NULL,
	`strategy` text NOT NULL,
	`config_json` text NOT NULL,
	`seed` text NOT NULL,
	`symbol` text NOT NULL,
	`category` text NOT NULL,
	`interval` text NOT NULL,
	`from_ms` integer NOT NULL,
	`to_ms` integer NOT NULL,
	`candles_hash` text NOT NULL,
	`code_version` text NOT NULL,
	`points` integer NOT NULL,
	`status` text NOT NULL,
	`error` text,
	`recommended_json` text,
	`pid` integer,
	`started_at_ms` integer NOT NULL,
	`finished_at_ms` integer,
	`timings_json` text
);
--> statement-breakpoint
CREATE INDEX `sweeps_status_idx` ON `sweeps` (`status`);