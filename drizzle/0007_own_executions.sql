CREATE TABLE `markouts` (
	`run_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`horizon_ms` integer NOT NULL,
	`level` text NOT NULL,
	`parent_id` text NOT NULL,
	`fill_seq` integer,
	`side_sign` integer NOT NULL,
	`qty_base` real NOT NULL,
	`time_ms` integer NOT NULL,
	`ref_mid` real,
	`mid` real,
	`markout_bps` real,
	`fill_avg_bps` real,
	PRIMARY KEY(`run_id`, `horizon_ms`, `seq`),
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `runs` ADD `source` text DEFAULT 'simulated' NOT NULL;--> statement-breakpoint
ALTER TABLE `runs` ADD `import_hash` text;--> statement-breakpoint
CREATE INDEX `runs_import_hash_idx` ON `runs` (`import_hash`);