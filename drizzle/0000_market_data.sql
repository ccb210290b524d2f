CREATE TABLE `candles` (
	`symbol` text NOT NULL,
	`category` text NOT NULL,
	`interval` text NOT NULL,
	`open_time_ms` integer NOT NULL,
	`open` real NOT NULL,
	`high` real NOT NULL,
	`low` real NOT NULL,
	`close` real NOT NULL,
	`volume` real NOT NULL,
	`turnover` real,
	`source` text NOT NULL,
	PRIMARY KEY(`symbol`, `category`, `interval`, `open_time_ms`)
);
--> statement-breakpoint
CREATE TABLE `instruments` (
	`symbol` text NOT NULL,
	`category` text NOT NULL,
	`base_coin` text,
	`quote_coin` text,
	`source` text NOT NULL,
	`created_at_ms` integer NOT NULL,
	PRIMARY KEY(`symbol`, `category`)
);
