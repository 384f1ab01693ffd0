ALTER TABLE "users" ADD COLUMN "lead_email_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "activity_digest_enabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE TABLE "lead_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" text NOT NULL,
	"report_id" text NOT NULL,
	"agent_id" uuid NOT NULL,
	"account_id" uuid,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"dispatched_at" timestamp with time zone,
	CONSTRAINT "lead_events_type_check" CHECK ("type" in ('lead.created', 'report.completed', 'report.failed', 'report.viewed', 'lead.status_changed', 'cma.requested'))
);
--> statement-breakpoint
ALTER TABLE "lead_events" ADD CONSTRAINT "lead_events_report_id_consumer_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."consumer_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_events" ADD CONSTRAINT "lead_events_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lead_events_undispatched_idx" ON "lead_events" USING btree ("occurred_at") WHERE "dispatched_at" IS NULL;--> statement-breakpoint
CREATE INDEX "lead_events_report_idx" ON "lead_events" USING btree ("report_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "lead_events_report_session_view_uq" ON "lead_events" USING btree ("report_id",("data"->>'session_id')) WHERE "type" = 'report.viewed';--> statement-breakpoint
CREATE TABLE "deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"destination" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"claim_id" uuid,
	"claimed_at" timestamp with time zone,
	"next_attempt_at" timestamp with time zone,
	"first_attempt_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"provider_id" text,
	"response_status" integer,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deliveries_channel_check" CHECK ("channel" in ('email', 'webhook', 'fub')),
	CONSTRAINT "deliveries_status_check" CHECK ("status" in ('pending', 'sending', 'sent', 'retrying', 'failed', 'unknown'))
);
--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_event_id_lead_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."lead_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_event_channel_destination_uq" ON "deliveries" USING btree ("event_id","channel","destination");--> statement-breakpoint
CREATE INDEX "deliveries_status_due_idx" ON "deliveries" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "deliveries_channel_destination_idx" ON "deliveries" USING btree ("channel","destination","created_at");
