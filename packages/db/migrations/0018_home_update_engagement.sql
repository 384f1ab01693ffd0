-- Issue #19 (decision 0036): each value update's opens and clicks. The e-mail carries a random per-update
-- token (set when it is sent) in an open pixel and in click-through links to the update's own links of this
-- site (tracked_links, by index); a person's first open/click is kept with counts, machine opens/clicks
-- (mail privacy proxies, link scanners) are counted apart and never score.
ALTER TABLE "home_updates" ADD COLUMN "tracking_token" text;--> statement-breakpoint
ALTER TABLE "home_updates" ADD COLUMN "tracked_links" jsonb;--> statement-breakpoint
ALTER TABLE "home_updates" ADD COLUMN "opened_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "home_updates" ADD COLUMN "open_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "home_updates" ADD COLUMN "machine_opened_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "home_updates" ADD COLUMN "machine_open_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "home_updates" ADD COLUMN "clicked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "home_updates" ADD COLUMN "click_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "home_updates" ADD COLUMN "machine_click_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "home_updates_tracking_token_uq" ON "home_updates" USING btree ("tracking_token");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "home_subscriptions_report_idx" ON "home_subscriptions" USING btree ("report_id");
