CREATE UNIQUE INDEX "lead_events_report_cma_uq" ON "lead_events" USING btree ("report_id") WHERE "type" = 'cma.requested';
--> statement-breakpoint
CREATE TABLE "activity_digests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agent_id" uuid NOT NULL,
	"day" date NOT NULL,
	"status" text DEFAULT 'sending' NOT NULL,
	"claim_id" uuid,
	"attempts" integer DEFAULT 1 NOT NULL,
	"response_status" integer,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activity_digests_status_check" CHECK ("status" in ('sending', 'sent', 'retrying', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "activity_digests" ADD CONSTRAINT "activity_digests_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "activity_digests_agent_day_uq" ON "activity_digests" USING btree ("agent_id","day");
