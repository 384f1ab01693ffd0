-- Issue #19 (decision 0034): value updates by text message. A subscription has one channel (e-mail or
-- text); a text subscription carries the report's number, the home's time zone (quiet hours) and its own
-- express consent. The consent columns of every subscription cannot be updated (like consumer_reports,
-- migration 0005). A deferred update waits for not_before; its text is one sms_logs row per update.
ALTER TABLE "home_subscriptions" ADD COLUMN "channel" text DEFAULT 'email' NOT NULL;--> statement-breakpoint
ALTER TABLE "home_subscriptions" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "home_subscriptions" ADD COLUMN "time_zone" text;--> statement-breakpoint
ALTER TABLE "home_subscriptions" ADD COLUMN "unsubscribe_reason" text;--> statement-breakpoint
ALTER TABLE "home_subscriptions" ALTER COLUMN "email" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "home_subscriptions" ADD CONSTRAINT "home_subscriptions_channel_check" CHECK ("channel" in ('email', 'sms'));--> statement-breakpoint
ALTER TABLE "home_subscriptions" ADD CONSTRAINT "home_subscriptions_channel_address_check" CHECK (("channel" = 'email' AND "email" IS NOT NULL AND "phone" IS NULL) OR ("channel" = 'sms' AND "phone" IS NOT NULL AND "email" IS NULL));--> statement-breakpoint
CREATE UNIQUE INDEX "home_subscriptions_report_sms_active_uq" ON "home_subscriptions" USING btree ("report_id") WHERE "status" = 'active' AND "channel" = 'sms';--> statement-breakpoint
CREATE INDEX "home_subscriptions_phone_idx" ON "home_subscriptions" USING btree ("phone") WHERE "channel" = 'sms';--> statement-breakpoint
CREATE FUNCTION "home_subscriptions_consent_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."consent_text" IS DISTINCT FROM OLD."consent_text"
    OR NEW."consent_text_sha256" IS DISTINCT FROM OLD."consent_text_sha256"
    OR NEW."consent_version" IS DISTINCT FROM OLD."consent_version"
    OR NEW."consent_at" IS DISTINCT FROM OLD."consent_at"
    OR NEW."consent_ip" IS DISTINCT FROM OLD."consent_ip"
    OR NEW."consent_user_agent" IS DISTINCT FROM OLD."consent_user_agent"
    OR NEW."channel" IS DISTINCT FROM OLD."channel"
    OR NEW."email" IS DISTINCT FROM OLD."email"
    OR NEW."phone" IS DISTINCT FROM OLD."phone"
    OR NEW."report_id" IS DISTINCT FROM OLD."report_id" THEN
    RAISE EXCEPTION 'home_subscriptions: the consent record is append-only and cannot be updated'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "home_subscriptions_consent_immutable"
  BEFORE UPDATE OF "consent_text", "consent_text_sha256", "consent_version", "consent_at", "consent_ip", "consent_user_agent", "channel", "email", "phone", "report_id"
  ON "home_subscriptions" FOR EACH ROW EXECUTE FUNCTION "home_subscriptions_consent_immutable"();--> statement-breakpoint
ALTER TABLE "home_updates" ADD COLUMN "not_before" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sms_logs" ADD COLUMN "home_update_id" uuid;--> statement-breakpoint
ALTER TABLE "sms_logs" ADD CONSTRAINT "sms_logs_home_update_id_home_updates_id_fk" FOREIGN KEY ("home_update_id") REFERENCES "public"."home_updates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sms_logs_home_update_uq" ON "sms_logs" USING btree ("home_update_id");
