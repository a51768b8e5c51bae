-- The embeddable referral widget (docs/widget.md): publishable keys live in api_keys with
-- role 'publishable' (the role column is plain text, no change needed); the environment gets the
-- origins its publishable keys work from and the secret that signs customer tokens (sealed, never
-- stored in the clear); a campaign chooses whether the widget shows the leaderboard position.
ALTER TABLE `environments` ADD `allowed_origins` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `environments` ADD `widget_secret` text;--> statement-breakpoint
ALTER TABLE `environments` ADD `widget_secret_prefix` text;--> statement-breakpoint
ALTER TABLE `environments` ADD `widget_secret_created_at` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `widget_leaderboard` integer DEFAULT false NOT NULL;
