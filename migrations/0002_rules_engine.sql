CREATE TABLE `campaign_rule_versions` (
	`campaign_id` text NOT NULL,
	`version` integer NOT NULL,
	`rules` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`campaign_id`, `version`)
);
--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`environment_id` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`state` text NOT NULL,
	`response_status` integer,
	`response_content_type` text,
	`response_body` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`environment_id`, `key`)
);
--> statement-breakpoint
CREATE TABLE `referrals` (
	`id` text PRIMARY KEY NOT NULL,
	`environment_id` text NOT NULL,
	`campaign_id` text NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`reasons` text NOT NULL,
	`referrer_id` text NOT NULL,
	`referee_id` text,
	`amount` integer,
	`currency` text,
	`order_id` text,
	`refund_of` text,
	`dedupe_key` text NOT NULL,
	`rules_version` integer NOT NULL,
	`metadata` text NOT NULL,
	`occurred_at` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `referrals_campaign_dedupe` ON `referrals` (`campaign_id`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `referrals_environment_created` ON `referrals` (`environment_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `referrals_referrer` ON `referrals` (`referrer_id`);--> statement-breakpoint
CREATE INDEX `referrals_order` ON `referrals` (`environment_id`,`order_id`);--> statement-breakpoint
CREATE TABLE `rewards` (
	`id` text PRIMARY KEY NOT NULL,
	`environment_id` text NOT NULL,
	`campaign_id` text NOT NULL,
	`referral_id` text,
	`user_id` text NOT NULL,
	`recipient` text NOT NULL,
	`type` text NOT NULL,
	`amount` integer,
	`currency` text,
	`points` integer,
	`voucher_pool_id` text,
	`voucher_code` text,
	`status` text NOT NULL,
	`status_reason` text,
	`hold_until` text,
	`needs_review` integer DEFAULT false NOT NULL,
	`rule_id` text,
	`rules_version` integer,
	`note` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `rewards_environment_created` ON `rewards` (`environment_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `rewards_user` ON `rewards` (`user_id`);--> statement-breakpoint
CREATE INDEX `rewards_referral` ON `rewards` (`referral_id`);--> statement-breakpoint
ALTER TABLE `campaigns` ADD `rules` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `rules_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `budget_amount` integer;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `budget_currency` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `starts_at` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `ends_at` text;