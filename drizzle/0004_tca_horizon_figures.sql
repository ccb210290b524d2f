ALTER TABLE `tca_results` ADD `active_end_ms` integer;--> statement-breakpoint
ALTER TABLE `tca_results` ADD `horizon_vwap` real;--> statement-breakpoint
ALTER TABLE `tca_results` ADD `horizon_vwap_slippage_bps` real;--> statement-breakpoint
ALTER TABLE `tca_results` ADD `horizon_participation_rate` real;