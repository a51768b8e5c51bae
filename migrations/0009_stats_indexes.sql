-- GET /v1/stats: per-day aggregates of referrals (by occurred_at) and rewards (by created_at),
-- answered from covering indexes, for the environment or one campaign.
CREATE INDEX `referrals_environment_day` ON `referrals` (`environment_id`,`occurred_at`,`type`,`status`,`currency`,`amount`);--> statement-breakpoint
CREATE INDEX `referrals_campaign_day` ON `referrals` (`campaign_id`,`occurred_at`,`type`,`status`,`currency`,`amount`);--> statement-breakpoint
CREATE INDEX `referrals_referrer_day` ON `referrals` (`referrer_id`,`occurred_at`);--> statement-breakpoint
-- A refunded sale's refunds (refund_of is the sale's referral id).
CREATE INDEX `referrals_refund_of` ON `referrals` (`refund_of`) WHERE "referrals"."refund_of" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `rewards_environment_day` ON `rewards` (`environment_id`,`created_at`,`status`,`type`,`currency`,`amount`);--> statement-breakpoint
CREATE INDEX `rewards_campaign_day` ON `rewards` (`campaign_id`,`created_at`,`status`,`type`,`currency`,`amount`);--> statement-breakpoint
CREATE INDEX `rewards_user_day` ON `rewards` (`user_id`,`created_at`);
