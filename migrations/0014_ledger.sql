-- Issue #18: an append-only ledger, partial refunds, debits and payout batches (docs/ledger.md, docs/payouts.md).
ALTER TABLE `rewards` ADD `reversed_amount` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rewards` ADD `proportional` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `rewards` ADD `payout_id` text;--> statement-breakpoint
ALTER TABLE `rewards` ADD `cause` text;--> statement-breakpoint
CREATE INDEX `rewards_payout` ON `rewards` (`payout_id`) WHERE "rewards"."payout_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `rewards_review` ON `rewards` (`environment_id`, `created_at`) WHERE "rewards"."needs_review" = 1 OR "rewards"."status_reason" = 'awaiting_approval';--> statement-breakpoint
CREATE TABLE `ledger_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`environment_id` text NOT NULL,
	`user_id` text NOT NULL,
	`campaign_id` text,
	`reward_id` text,
	`payout_id` text,
	`referral_id` text,
	`type` text NOT NULL,
	`kind` text NOT NULL,
	`currency` text,
	`pending` integer DEFAULT 0 NOT NULL,
	`available` integer DEFAULT 0 NOT NULL,
	`paid` integer DEFAULT 0 NOT NULL,
	`reason` text,
	`reference` text,
	`created_at` text NOT NULL
);--> statement-breakpoint
CREATE INDEX `ledger_entries_user` ON `ledger_entries` (`user_id`, `created_at`);--> statement-breakpoint
CREATE INDEX `ledger_entries_environment` ON `ledger_entries` (`environment_id`, `created_at`);--> statement-breakpoint
CREATE INDEX `ledger_entries_reward` ON `ledger_entries` (`reward_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_entries_debit_reference` ON `ledger_entries` (`environment_id`, `user_id`, `reference`) WHERE "ledger_entries"."type" = 'spent' AND "ledger_entries"."reference" IS NOT NULL;--> statement-breakpoint
CREATE TABLE `payouts` (
	`id` text PRIMARY KEY NOT NULL,
	`environment_id` text NOT NULL,
	`currency` text,
	`minimum` integer DEFAULT 1 NOT NULL,
	`note` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);--> statement-breakpoint
CREATE INDEX `payouts_environment` ON `payouts` (`environment_id`, `created_at`);--> statement-breakpoint
CREATE TABLE `payout_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`payout_id` text NOT NULL,
	`environment_id` text NOT NULL,
	`user_id` text NOT NULL,
	`currency` text NOT NULL,
	`amount` integer NOT NULL,
	`carried` integer DEFAULT 0 NOT NULL,
	`status` text NOT NULL,
	`reference` text,
	`failure_reason` text,
	`paid_at` text,
	`failed_at` text,
	`created_at` text NOT NULL
);--> statement-breakpoint
CREATE INDEX `payout_lines_payout` ON `payout_lines` (`payout_id`);--> statement-breakpoint
CREATE INDEX `payout_lines_open` ON `payout_lines` (`environment_id`, `user_id`, `currency`) WHERE "payout_lines"."status" = 'pending';--> statement-breakpoint
-- Opening balances: every live cash, credit and points reward as one `earned` entry in its current bucket.
INSERT INTO `ledger_entries` (`id`, `environment_id`, `user_id`, `campaign_id`, `reward_id`, `referral_id`, `type`, `kind`, `currency`, `pending`, `available`, `paid`, `reason`, `created_at`)
SELECT 'led_' || `id` || '_opening', `environment_id`, `user_id`, `campaign_id`, `id`, `referral_id`, 'earned', `type`, CASE WHEN `type` = 'points' THEN NULL ELSE `currency` END,
  CASE WHEN `status` = 'pending' THEN coalesce(`amount`, `points`, 0) ELSE 0 END,
  CASE WHEN `status` = 'approved' THEN coalesce(`amount`, `points`, 0) ELSE 0 END,
  CASE WHEN `status` = 'paid' THEN coalesce(`amount`, `points`, 0) ELSE 0 END,
  'opening_balance', `created_at`
FROM `rewards` WHERE `type` IN ('cash', 'credit', 'points') AND `status` <> 'cancelled';--> statement-breakpoint
-- The ledger is written by the database itself, in the same statement as the change it records:
-- no code path (projection, transition, hold release, payout, a later integration) can change what a
-- user is owed without its entry. Buckets: pending (held or awaiting approval), available (approved,
-- owed or spendable; negative when owed back), paid. Net value = amount (or points) − reversed_amount.
CREATE TRIGGER `rewards_ledger_insert` AFTER INSERT ON `rewards`
WHEN NEW.`type` IN ('cash', 'credit', 'points') AND NEW.`status` <> 'cancelled'
BEGIN
  INSERT INTO `ledger_entries` (`id`, `environment_id`, `user_id`, `campaign_id`, `reward_id`, `payout_id`, `referral_id`, `type`, `kind`, `currency`, `pending`, `available`, `paid`, `reason`, `created_at`)
  VALUES ('led_' || lower(hex(randomblob(12))), NEW.`environment_id`, NEW.`user_id`, NEW.`campaign_id`, NEW.`id`, NEW.`payout_id`, NEW.`referral_id`, 'earned', NEW.`type`,
    CASE WHEN NEW.`type` = 'points' THEN NULL ELSE NEW.`currency` END,
    CASE WHEN NEW.`status` = 'pending' THEN coalesce(NEW.`amount`, NEW.`points`, 0) - NEW.`reversed_amount` ELSE 0 END,
    CASE WHEN NEW.`status` = 'approved' THEN coalesce(NEW.`amount`, NEW.`points`, 0) - NEW.`reversed_amount` ELSE 0 END,
    CASE WHEN NEW.`status` = 'paid' THEN coalesce(NEW.`amount`, NEW.`points`, 0) - NEW.`reversed_amount` ELSE 0 END,
    coalesce(NEW.`status_reason`, CASE WHEN NEW.`referral_id` IS NULL THEN 'issued' ELSE 'rewarded' END), NEW.`created_at`);
END;--> statement-breakpoint
CREATE TRIGGER `rewards_ledger_status` AFTER UPDATE OF `status` ON `rewards`
WHEN NEW.`type` IN ('cash', 'credit', 'points') AND OLD.`status` <> NEW.`status`
BEGIN
  INSERT INTO `ledger_entries` (`id`, `environment_id`, `user_id`, `campaign_id`, `reward_id`, `payout_id`, `referral_id`, `type`, `kind`, `currency`, `pending`, `available`, `paid`, `reason`, `reference`, `created_at`)
  VALUES ('led_' || lower(hex(randomblob(12))), NEW.`environment_id`, NEW.`user_id`, NEW.`campaign_id`, NEW.`id`, NEW.`payout_id`,
    CASE WHEN NEW.`cause` IS NOT OLD.`cause` AND NEW.`cause` LIKE 'ref_%' THEN NEW.`cause` ELSE NEW.`referral_id` END,
    CASE NEW.`status` WHEN 'approved' THEN CASE OLD.`status` WHEN 'paid' THEN 'adjusted' ELSE 'approved' END WHEN 'paid' THEN 'paid' WHEN 'cancelled' THEN 'reversed' ELSE 'adjusted' END,
    NEW.`type`, CASE WHEN NEW.`type` = 'points' THEN NULL ELSE NEW.`currency` END,
    (CASE WHEN NEW.`status` = 'pending' THEN coalesce(NEW.`amount`, NEW.`points`, 0) - NEW.`reversed_amount` ELSE 0 END) - (CASE WHEN OLD.`status` = 'pending' THEN coalesce(OLD.`amount`, OLD.`points`, 0) - OLD.`reversed_amount` ELSE 0 END),
    (CASE WHEN NEW.`status` = 'approved' THEN coalesce(NEW.`amount`, NEW.`points`, 0) - NEW.`reversed_amount` ELSE 0 END) - (CASE WHEN OLD.`status` = 'approved' THEN coalesce(OLD.`amount`, OLD.`points`, 0) - OLD.`reversed_amount` ELSE 0 END),
    (CASE WHEN NEW.`status` = 'paid' THEN coalesce(NEW.`amount`, NEW.`points`, 0) - NEW.`reversed_amount` ELSE 0 END) - (CASE WHEN OLD.`status` = 'paid' THEN coalesce(OLD.`amount`, OLD.`points`, 0) - OLD.`reversed_amount` ELSE 0 END),
    coalesce(NEW.`status_reason`, NEW.`status`), CASE WHEN NEW.`status` = 'paid' THEN NEW.`payout_reference` END, NEW.`updated_at`);
END;--> statement-breakpoint
-- A value change in the same state (a partial refund, a refund after payout): the difference, from the
-- reward's bucket; a paid reward's reduction is owed back (available goes down, paid stays what was paid).
CREATE TRIGGER `rewards_ledger_value` AFTER UPDATE OF `amount`, `points`, `reversed_amount` ON `rewards`
WHEN NEW.`type` IN ('cash', 'credit', 'points') AND OLD.`status` = NEW.`status` AND NEW.`status` <> 'cancelled'
  AND coalesce(NEW.`amount`, NEW.`points`, 0) - NEW.`reversed_amount` <> coalesce(OLD.`amount`, OLD.`points`, 0) - OLD.`reversed_amount`
BEGIN
  INSERT INTO `ledger_entries` (`id`, `environment_id`, `user_id`, `campaign_id`, `reward_id`, `payout_id`, `referral_id`, `type`, `kind`, `currency`, `pending`, `available`, `paid`, `reason`, `created_at`)
  VALUES ('led_' || lower(hex(randomblob(12))), NEW.`environment_id`, NEW.`user_id`, NEW.`campaign_id`, NEW.`id`, NEW.`payout_id`,
    CASE WHEN NEW.`cause` LIKE 'ref_%' THEN NEW.`cause` ELSE NEW.`referral_id` END,
    CASE WHEN NEW.`reversed_amount` > OLD.`reversed_amount` THEN 'reversed' ELSE 'adjusted' END,
    NEW.`type`, CASE WHEN NEW.`type` = 'points' THEN NULL ELSE NEW.`currency` END,
    CASE WHEN NEW.`status` = 'pending' THEN (coalesce(NEW.`amount`, NEW.`points`, 0) - NEW.`reversed_amount`) - (coalesce(OLD.`amount`, OLD.`points`, 0) - OLD.`reversed_amount`) ELSE 0 END,
    CASE WHEN NEW.`status` <> 'pending' THEN (coalesce(NEW.`amount`, NEW.`points`, 0) - NEW.`reversed_amount`) - (coalesce(OLD.`amount`, OLD.`points`, 0) - OLD.`reversed_amount`) ELSE 0 END,
    0,
    CASE WHEN NEW.`status` = 'paid' AND NEW.`reversed_amount` > OLD.`reversed_amount` THEN 'refunded_after_payout' WHEN NEW.`reversed_amount` > OLD.`reversed_amount` THEN 'partial_refund' ELSE 'adjusted' END,
    NEW.`updated_at`);
END;
