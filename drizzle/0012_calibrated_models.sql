CREATE TABLE `calibrated_models` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`version` integer NOT NULL,
	`model` text NOT NULL,
	`params_json` text NOT NULL,
	`regime_rule_json` text,
	`regimes_json` text NOT NULL,
	`symbol` text,
	`from_ms` integer NOT NULL,
	`to_ms` integer NOT NULL,
	`fitted_at` text NOT NULL,
	`source` text NOT NULL,
	`stats_json` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calibrated_models_name_version_idx` ON `calibrated_models` (`name`,`version`);