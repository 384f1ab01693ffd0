CREATE TABLE "market_models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"market" text NOT NULL,
	"version" text NOT NULL,
	"as_of" date NOT NULL,
	"trained_at" timestamp with time zone NOT NULL,
	"trained_through" date,
	"first_sale" date,
	"sales_count" integer NOT NULL,
	"model" jsonb NOT NULL,
	"blend" jsonb NOT NULL,
	"calibration" jsonb NOT NULL,
	"validation" jsonb,
	"active" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "market_models_version_uq" ON "market_models" USING btree ("market","version");--> statement-breakpoint
CREATE UNIQUE INDEX "market_models_one_active_uq" ON "market_models" USING btree ("market") WHERE "market_models"."active";--> statement-breakpoint
CREATE INDEX "market_models_market_idx" ON "market_models" USING btree ("market","trained_at");
