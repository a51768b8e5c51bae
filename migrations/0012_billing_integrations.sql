-- Billing connectors (docs/integrations.md): Stripe and Shopify webhooks that log sales and refunds.
CREATE TABLE `integrations` (
	`environment_id` text NOT NULL,
	`provider` text NOT NULL,
	`token_hash` text NOT NULL,
	`token_prefix` text NOT NULL,
	`token_sealed` text NOT NULL,
	`secret_sealed` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`environment_id`, `provider`),
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `integrations_token` ON `integrations` (`token_hash`);
--> statement-breakpoint
CREATE TABLE `billing_events` (
	`id` text PRIMARY KEY NOT NULL,
	`environment_id` text NOT NULL,
	`provider` text NOT NULL,
	`external_id` text,
	`type` text NOT NULL,
	`outcome` text NOT NULL,
	`reason` text,
	`referral_id` text,
	`order_id` text,
	`payment_ref` text,
	`action` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `billing_events_external` ON `billing_events` (`environment_id`,`provider`,`external_id`);
--> statement-breakpoint
CREATE INDEX `billing_events_created` ON `billing_events` (`environment_id`,`provider`,`created_at`);
--> statement-breakpoint
CREATE INDEX `billing_events_waiting` ON `billing_events` (`environment_id`,`provider`,`payment_ref`) WHERE `outcome` = 'waiting';
--> statement-breakpoint
CREATE TABLE `billing_customers` (
	`environment_id` text NOT NULL,
	`provider` text NOT NULL,
	`customer_id` text NOT NULL,
	`referee_external_id` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`environment_id`, `provider`, `customer_id`)
);
--> statement-breakpoint
CREATE TABLE `billing_payments` (
	`environment_id` text NOT NULL,
	`provider` text NOT NULL,
	`payment_ref` text NOT NULL,
	`order_id` text NOT NULL,
	`attributed` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`environment_id`, `provider`, `payment_ref`)
);
