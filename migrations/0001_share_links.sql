CREATE TABLE `visit_days` (
	`environment_id` text NOT NULL,
	`campaign_id` text NOT NULL,
	`user_id` text NOT NULL,
	`day` text NOT NULL,
	`visits` integer DEFAULT 0 NOT NULL,
	`unique_visits` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`user_id`, `day`)
);
--> statement-breakpoint
CREATE INDEX `visit_days_environment_day` ON `visit_days` (`environment_id`,`day`);--> statement-breakpoint
CREATE INDEX `visit_days_campaign_day` ON `visit_days` (`campaign_id`,`day`);--> statement-breakpoint
ALTER TABLE `campaigns` ADD `utm_params` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `attribution_window_days` integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE `environments` ADD `fallback_url` text;--> statement-breakpoint
ALTER TABLE `users` ADD `visits` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `unique_visits` integer DEFAULT 0 NOT NULL;