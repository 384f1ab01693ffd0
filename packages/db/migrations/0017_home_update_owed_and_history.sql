ALTER TABLE "home_subscriptions" ADD COLUMN "owed_amount" integer;--> statement-breakpoint
ALTER TABLE "home_subscriptions" ADD COLUMN "owed_as_of" date;--> statement-breakpoint
ALTER TABLE "home_subscriptions" ADD COLUMN "loan_amount" integer;--> statement-breakpoint
ALTER TABLE "home_subscriptions" ADD COLUMN "loan_start" date;--> statement-breakpoint
ALTER TABLE "home_subscriptions" ADD COLUMN "loan_rate_pct" double precision;--> statement-breakpoint
ALTER TABLE "home_subscriptions" ADD COLUMN "loan_term_years" integer;--> statement-breakpoint
ALTER TABLE "home_subscriptions" ADD COLUMN "owed_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "home_subscriptions" ADD CONSTRAINT "home_subscriptions_owed_check" CHECK (("owed_amount" IS NULL AND "owed_as_of" IS NULL) OR ("owed_amount" BETWEEN 0 AND 100000000 AND "owed_as_of" IS NOT NULL));--> statement-breakpoint
ALTER TABLE "home_subscriptions" ADD CONSTRAINT "home_subscriptions_loan_check" CHECK (("loan_amount" IS NULL AND "loan_start" IS NULL AND "loan_rate_pct" IS NULL AND "loan_term_years" IS NULL) OR ("loan_amount" BETWEEN 0 AND 100000000 AND "loan_start" IS NOT NULL AND "loan_rate_pct" BETWEEN 0 AND 25 AND "loan_term_years" BETWEEN 1 AND 50));--> statement-breakpoint
ALTER TABLE "home_subscriptions" ADD CONSTRAINT "home_subscriptions_owed_or_loan_check" CHECK ("owed_amount" IS NULL OR "loan_amount" IS NULL);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "home_subscriptions_report_idx" ON "home_subscriptions" USING btree ("report_id");
