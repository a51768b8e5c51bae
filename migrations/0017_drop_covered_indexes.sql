-- Issue #15: four indexes that are the leading columns of wider ones (referrals_referrer_day, rewards_environment_day,
-- rewards_user_day, rewards_campaign_day) cost every referral and reward written an extra index write (D1 counts
-- each as a row written) and gave no query a better plan: the wider ones serve the same lookups.
DROP INDEX `referrals_referrer`;--> statement-breakpoint
DROP INDEX `rewards_environment_created`;--> statement-breakpoint
DROP INDEX `rewards_user`;--> statement-breakpoint
DROP INDEX `rewards_campaign`;