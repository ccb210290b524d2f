ALTER TABLE `instruments` ADD `tick_size` real;--> statement-breakpoint
ALTER TABLE `instruments` ADD `lot_size` real;