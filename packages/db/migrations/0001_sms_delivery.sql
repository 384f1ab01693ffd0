CREATE TABLE "sms_opt_outs" (
	"phone" text PRIMARY KEY NOT NULL,
	"opted_out_at" timestamp with time zone DEFAULT now() NOT NULL,
	"keyword" text
);
--> statement-breakpoint
CREATE INDEX "sms_logs_provider_message_idx" ON "sms_logs" USING btree ("provider_message_id");