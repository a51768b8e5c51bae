CREATE TABLE `order_claims` (
	`environment_id` text NOT NULL,
	`order_id` text NOT NULL,
	`campaign_id` text NOT NULL,
	`referrer_id` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`environment_id`, `order_id`),
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- Orders sold before this table existed: the first sale of each order (per environment) claims it.
INSERT INTO `order_claims` (`environment_id`, `order_id`, `campaign_id`, `referrer_id`, `created_at`)
SELECT `environment_id`, `order_id`, `campaign_id`, `referrer_id`, min(`created_at`) FROM `referrals`
WHERE `type` = 'sale' AND `order_id` IS NOT NULL GROUP BY `environment_id`, `order_id`
ON CONFLICT DO NOTHING;
