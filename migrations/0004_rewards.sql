CREATE TABLE `inbound_hooks` (
	`environment_id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`token_prefix` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_hooks_token_hash_unique` ON `inbound_hooks` (`token_hash`);--> statement-breakpoint
CREATE TABLE `voucher_pools` (
	`id` text PRIMARY KEY NOT NULL,
	`environment_id` text NOT NULL,
	`campaign_id` text,
	`name` text NOT NULL,
	`currency` text,
	`value` integer,
	`low_stock_threshold` integer DEFAULT 10 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `voucher_pools_environment_created` ON `voucher_pools` (`environment_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `vouchers` (
	`id` text PRIMARY KEY NOT NULL,
	`environment_id` text NOT NULL,
	`pool_id` text NOT NULL,
	`code` text NOT NULL,
	`status` text NOT NULL,
	`reward_id` text,
	`assigned_at` text,
	`redeemed_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `vouchers_environment_code` ON `vouchers` (`environment_id`,`code`);--> statement-breakpoint
CREATE INDEX `vouchers_pool_status` ON `vouchers` (`pool_id`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `vouchers_reward` ON `vouchers` (`reward_id`);--> statement-breakpoint
ALTER TABLE `rewards` ADD `budget_charged` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rewards` ADD `payout_reference` text;--> statement-breakpoint
ALTER TABLE `rewards` ADD `approved_at` text;--> statement-breakpoint
ALTER TABLE `rewards` ADD `paid_at` text;--> statement-breakpoint
ALTER TABLE `rewards` ADD `cancelled_at` text;--> statement-breakpoint
CREATE INDEX `rewards_campaign` ON `rewards` (`campaign_id`);--> statement-breakpoint
CREATE INDEX `rewards_status_hold` ON `rewards` (`environment_id`,`status`,`hold_until`);--> statement-breakpoint
CREATE INDEX `rewards_pool_status` ON `rewards` (`voucher_pool_id`,`status`);