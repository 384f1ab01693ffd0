ALTER TABLE "consumer_reports" ADD COLUMN "failure_code" text;--> statement-breakpoint
ALTER TABLE "consumer_reports" ADD COLUMN "needs_personal_valuation" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "license_number" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "equal_housing_opportunity" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "brokerage_name" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "license_number" text;
