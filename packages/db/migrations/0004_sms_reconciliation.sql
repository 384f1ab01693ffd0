ALTER TABLE "sms_logs" ADD COLUMN "claim_id" uuid;--> statement-breakpoint
ALTER TABLE "sms_logs" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "sms_logs_status_claimed_idx" ON "sms_logs" USING btree ("status","claimed_at");--> statement-breakpoint
CREATE TABLE "sms_status_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider_message_id" text NOT NULL,
	"status" text NOT NULL,
	"error_code" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "sms_status_events_message_status_uq" ON "sms_status_events" USING btree ("provider_message_id","status");
