CREATE TABLE `candle_chunks` (
	`symbol` text NOT NULL,
	`category` text NOT NULL,
	`interval` text NOT NULL,
	`chunk` integer NOT NULL,
	`bars` integer NOT NULL,
	`data` blob NOT NULL,
	PRIMARY KEY(`symbol`, `category`, `interval`, `chunk`)
);
--> statement-breakpoint
CREATE TRIGGER `candles_chunk_on_insert` AFTER INSERT ON `candles` BEGIN
	DELETE FROM `candle_chunks` WHERE `symbol` = NEW.`symbol` AND `category` = NEW.`category` AND `interval` = NEW.`interval` AND `chunk` = (NEW.`open_time_ms` >> 28);
END;
--> statement-breakpoint
CREATE TRIGGER `candles_chunk_on_update` AFTER UPDATE ON `candles` BEGIN
	DELETE FROM `candle_chunks` WHERE `symbol` = OLD.`symbol` AND `category` = OLD.`category` AND `interval` = OLD.`interval` AND `chunk` = (OLD.`open_time_ms` >> 28);
	DELETE FROM `candle_chunks` WHERE `symbol` = NEW.`symbol` AND `category` = NEW.`category` AND `interval` = NEW.`interval` AND `chunk` = (NEW.`open_time_ms` >> 28);
END;
--> statement-breakpoint
CREATE TRIGGER `candles_chunk_on_delete` AFTER DELETE ON `candles` BEGIN
	DELETE FROM `candle_chunks` WHERE `symbol` = OLD.`symbol` AND `category` = OLD.`category` AND `interval` = OLD.`interval` AND `chunk` = (OLD.`open_time_ms` >> 28);
END;
