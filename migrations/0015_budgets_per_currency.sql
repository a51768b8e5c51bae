-- Issue #18 item 5: a campaign budget per currency (docs/money.md). The single budget becomes the first line.
-- budget_amount / budget_currency stay as they were here and are no longer written: the campaign object reads
-- budget_currency once, to file the total it counted before this migration under the currency it was counted in.
ALTER TABLE `campaigns` ADD `budgets` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
UPDATE `campaigns` SET `budgets` = json_array(json_object('currency', `budget_currency`, 'amount', `budget_amount`)) WHERE `budget_amount` IS NOT NULL AND `budget_currency` IS NOT NULL;
