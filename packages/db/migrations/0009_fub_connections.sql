CREATE TABLE "fub_connections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agent_id" uuid,
	"account_id" uuid,
	"api_key" text NOT NULL,
	"api_key_last4" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fub_connections_one_owner" CHECK (("agent_id" IS NULL) <> ("account_id" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "fub_connections" ADD CONSTRAINT "fub_connections_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fub_connections" ADD CONSTRAINT "fub_connections_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "fub_connections_agent_idx" ON "fub_connections" USING btree ("agent_id") WHERE "agent_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "fub_connections_account_idx" ON "fub_connections" USING btree ("account_id") WHERE "account_id" IS NOT NULL;
