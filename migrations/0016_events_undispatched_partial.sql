-- Issue #15: the fan-out marks every event dispatched once; a partial index holds only the events still waiting
-- (the sweep's `dispatched_at IS NULL ... ORDER BY created_at`), so a mark removes an entry instead of moving it.
DROP INDEX `events_undispatched`;--> statement-breakpoint
CREATE INDEX `events_undispatched` ON `events` (`created_at`) WHERE "events"."dispatched_at" IS NULL;