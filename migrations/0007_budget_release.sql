ALTER TABLE `rewards` ADD `budget_released_at` text;--> statement-breakpoint
CREATE INDEX `rewards_budget_owed` ON `rewards` (`campaign_id`) WHERE "rewards"."status" = 'cancelled' AND "rewards"."budget_charged" > 0 AND "rewards"."budget_released_at" IS NULL;--> statement-breakpoint
-- Rewards cancelled before this column existed had their charge given back by the code of the time
-- (refund clawbacks without a per-reward record): mark them settled so the sweep never repeats them.
UPDATE `rewards` SET `budget_released_at` = coalesce(`cancelled_at`, `updated_at`) WHERE `status` = 'cancelled' AND `budget_charged` > 0;
