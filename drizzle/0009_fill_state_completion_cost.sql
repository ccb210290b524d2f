ALTER TABLE `parent_orders` ADD `fill_state` text;--> statement-breakpoint
ALTER TABLE `tca_results` ADD `fill_state` text;--> statement-breakpoint
ALTER TABLE `tca_results` ADD `completion_quote` real;--> statement-breakpoint
ALTER TABLE `tca_results` ADD `completion_bps` real;--> statement-breakpoint
ALTER TABLE `tca_results` ADD `ranked_cost_bps` real;