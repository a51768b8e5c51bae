-- Issue #14 (trust and data): the audit log, erasure of stored idempotent answers, retention indexes.
CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`environment_id` text NOT NULL,
	`action` text NOT NULL,
	`target_type` text NOT NULL,
	`target_id` text NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text NOT NULL,
	`actor` text NOT NULL,
	`before` text,
	`after` text,
	`ip` text,
	`user_agent` text,
	`request_id` text,
	`created_at` text NOT NULL
);--> statement-breakpoint
CREATE INDEX `audit_log_environment_created` ON `audit_log` (`environment_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `audit_log_target` ON `audit_log` (`target_id`);--> statement-breakpoint
-- The user ids a stored idempotent answer names (" usr_a usr_b "): erasing a user drops those answers.
ALTER TABLE `idempotency_keys` ADD `subjects` text;--> statement-breakpoint
-- Retention (worker/services/retention/): the scheduled job deletes the oldest rows first.
CREATE INDEX `idempotency_keys_created` ON `idempotency_keys` (`created_at`);--> statement-breakpoint
CREATE INDEX `events_created` ON `events` (`created_at`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_created` ON `webhook_deliveries` (`created_at`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_event` ON `webhook_deliveries` (`event_id`);
