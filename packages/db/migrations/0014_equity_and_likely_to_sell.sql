-- Issue #19 (decision 0029): the agent's net-proceeds defaults, the "likely to sell" mark on a lead,
-- and its lead event.
ALTER TABLE "users" ADD COLUMN "sale_commission_bps" integer DEFAULT 550 NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "closing_cost_bps" integer DEFAULT 150 NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_sale_commission_bps_check" CHECK ("sale_commission_bps" between 0 and 2000);--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_closing_cost_bps_check" CHECK ("closing_cost_bps" between 0 and 2000);--> statement-breakpoint
ALTER TABLE "consumer_reports" ADD COLUMN "likely_to_sell_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "lead_events" DROP CONSTRAINT "lead_events_type_check";--> statement-breakpoint
ALTER TABLE "lead_events" ADD CONSTRAINT "lead_events_type_check" CHECK ("type" in ('lead.created', 'report.completed', 'report.failed', 'report.viewed', 'lead.status_changed', 'cma.requested', 'lead.likely_to_sell'));--> statement-breakpoint
CREATE UNIQUE INDEX "lead_events_likely_to_sell_uq" ON "lead_events" USING btree ("report_id") WHERE "type" = 'lead.likely_to_sell';
