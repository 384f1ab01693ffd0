CREATE TABLE "accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"logo_url" text,
	"primary_color" text,
	"secondary_color" text,
	"branding_enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consumer_reports" (
	"id" text PRIMARY KEY NOT NULL,
	"agent_id" uuid NOT NULL,
	"consumer_phone" text NOT NULL,
	"property_address" text NOT NULL,
	"place" jsonb,
	"consent_text" text NOT NULL,
	"consent_text_sha256" text NOT NULL,
	"consent_at" timestamp with time zone NOT NULL,
	"consent_ip" text,
	"consent_user_agent" text,
	"consent_page_url" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"failure_reason" text,
	"subject" jsonb,
	"valuation" jsonb,
	"market" jsonb,
	"estimate_value" integer,
	"estimate_low" integer,
	"estimate_high" integer,
	"estimate_confidence" text,
	"estimate_flagged" boolean,
	"estimate_flag_reason" text,
	"data_as_of" text,
	"pdf_key" text,
	"pdf_status" text DEFAULT 'pending' NOT NULL,
	"pdf_error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processing_started_at" timestamp with time zone,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "report_views" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" text NOT NULL,
	"event_type" text DEFAULT 'view' NOT NULL,
	"session_id" text,
	"device_type" text,
	"browser" text,
	"os" text,
	"referrer" text,
	"duration_ms" integer,
	"viewed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sms_logs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" text NOT NULL,
	"recipient_role" text NOT NULL,
	"to" text NOT NULL,
	"body" text NOT NULL,
	"provider" text NOT NULL,
	"provider_message_id" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"error_code" text,
	"error_message" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"photo_url" text,
	"agent_code" text NOT NULL,
	"landing_page_headline" text,
	"landing_page_subheadline" text,
	"landing_page_cta_text" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_agent_code_unique" UNIQUE("agent_code")
);
--> statement-breakpoint
ALTER TABLE "consumer_reports" ADD CONSTRAINT "consumer_reports_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_views" ADD CONSTRAINT "report_views_report_id_consumer_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."consumer_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_logs" ADD CONSTRAINT "sms_logs_report_id_consumer_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."consumer_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consumer_reports_agent_idx" ON "consumer_reports" USING btree ("agent_id","created_at");--> statement-breakpoint
CREATE INDEX "consumer_reports_status_idx" ON "consumer_reports" USING btree ("status","updated_at");--> statement-breakpoint
CREATE INDEX "report_views_report_idx" ON "report_views" USING btree ("report_id","viewed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sms_logs_report_role_uq" ON "sms_logs" USING btree ("report_id","recipient_role");