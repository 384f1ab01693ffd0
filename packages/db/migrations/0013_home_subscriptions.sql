CREATE TABLE "home_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" text NOT NULL,
	"agent_id" uuid NOT NULL,
	"email" text NOT NULL,
	"frequency" text NOT NULL,
	"consent_text" text NOT NULL,
	"consent_version" integer NOT NULL,
	"consent_text_sha256" text NOT NULL,
	"consent_at" timestamp with time zone NOT NULL,
	"consent_ip" text,
	"consent_user_agent" text,
	"unsubscribe_token" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"unsubscribed_at" timestamp with time zone,
	CONSTRAINT "home_subscriptions_frequency_check" CHECK ("frequency" in ('monthly', 'quarterly')),
	CONSTRAINT "home_subscriptions_status_check" CHECK ("status" in ('active', 'unsubscribed'))
);
--> statement-breakpoint
ALTER TABLE "home_subscriptions" ADD CONSTRAINT "home_subscriptions_report_id_consumer_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."consumer_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "home_subscriptions" ADD CONSTRAINT "home_subscriptions_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "home_subscriptions_unsubscribe_token_uq" ON "home_subscriptions" USING btree ("unsubscribe_token");--> statement-breakpoint
CREATE UNIQUE INDEX "home_subscriptions_report_email_active_uq" ON "home_subscriptions" USING btree ("report_id","email") WHERE "status" = 'active';--> statement-breakpoint
CREATE INDEX "home_subscriptions_status_idx" ON "home_subscriptions" USING btree ("status","id");--> statement-breakpoint
CREATE TABLE "home_updates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subscription_id" uuid NOT NULL,
	"period" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"claim_id" uuid,
	"claimed_at" timestamp with time zone,
	"valuation" jsonb,
	"estimate_value" integer,
	"estimate_low" integer,
	"estimate_high" integer,
	"sent_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "home_updates_status_check" CHECK ("status" in ('pending', 'sending', 'sent', 'failed', 'unknown'))
);
--> statement-breakpoint
ALTER TABLE "home_updates" ADD CONSTRAINT "home_updates_subscription_id_home_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."home_subscriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "home_updates_subscription_period_uq" ON "home_updates" USING btree ("subscription_id","period");--> statement-breakpoint
CREATE INDEX "home_updates_status_idx" ON "home_updates" USING btree ("status","created_at");
