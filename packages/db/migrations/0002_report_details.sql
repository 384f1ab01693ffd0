ALTER TABLE "consumer_reports" ADD COLUMN "consumer_facts" jsonb;--> statement-breakpoint
ALTER TABLE "report_views" ADD COLUMN "detail" jsonb;--> statement-breakpoint
CREATE INDEX "report_views_session_idx" ON "report_views" USING btree ("report_id","session_id");