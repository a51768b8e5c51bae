-- Secret keys carry scopes (worker/domain/scopes.ts). Admin keys hold every scope whatever the
-- column says. Standard keys that exist today keep exactly what they could do before (every
-- grantable scope), so no integration breaks on upgrade; new standard keys get the narrow default.
ALTER TABLE `api_keys` ADD `scopes` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
UPDATE `api_keys` SET `scopes` = '["read","users:write","referrals:write","rewards:write","campaigns:write"]' WHERE `role` = 'standard';--> statement-breakpoint
-- Share links are one namespace per deployment: /r/CODE names no environment. Codes were unique
-- per environment only, so a code may be held in several. The oldest holder keeps it; every younger
-- one gets the old code plus '-' and 8 random hex digits (hex is inside the code alphabet), and
-- both are reported in code_reassignments (SELECT * FROM code_reassignments).
CREATE TABLE `code_reassignments` (
	`user_id` text PRIMARY KEY NOT NULL,
	`environment_id` text NOT NULL,
	`old_code` text NOT NULL,
	`new_code` text NOT NULL,
	`kept_by_user_id` text NOT NULL,
	`kept_by_environment_id` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);--> statement-breakpoint
INSERT INTO `code_reassignments` (`user_id`, `environment_id`, `old_code`, `new_code`, `kept_by_user_id`, `kept_by_environment_id`)
SELECT u.`id`, u.`environment_id`, u.`referral_code`, substr(u.`referral_code`, 1, 55) || '-' || hex(randomblob(4)), k.`id`, k.`environment_id`
FROM `users` u
JOIN `users` k ON k.`id` = (
	SELECT o.`id` FROM `users` o WHERE o.`referral_code` = u.`referral_code` ORDER BY o.`created_at`, o.`id` LIMIT 1
)
WHERE u.`id` <> k.`id`;--> statement-breakpoint
UPDATE `users`
SET `referral_code` = (SELECT r.`new_code` FROM `code_reassignments` r WHERE r.`user_id` = `users`.`id`),
	`updated_at` = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE `id` IN (SELECT `user_id` FROM `code_reassignments`);--> statement-breakpoint
DROP INDEX IF EXISTS `users_environment_code`;--> statement-breakpoint
DROP INDEX IF EXISTS `users_code`;--> statement-breakpoint
CREATE UNIQUE INDEX `users_referral_code` ON `users` (`referral_code`);--> statement-breakpoint
-- Sign-in is also limited per account: past a number of failures, each attempt must wait a delay
-- that doubles up to a cap (epoch ms; refused attempts do not extend it). No lockout.
ALTER TABLE `login_attempts` ADD `not_before` integer;
