ALTER TABLE "sms_logs" ADD COLUMN "agent_id" uuid;--> statement-breakpoint
ALTER TABLE "sms_logs" ADD COLUMN "alert_window" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sms_logs" ADD CONSTRAINT "sms_logs_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sms_logs_agent_window_idx" ON "sms_logs" USING btree ("agent_id","alert_window");--> statement-breakpoint
CREATE UNIQUE INDEX "sms_logs_lead_digest_uq" ON "sms_logs" USING btree ("agent_id","alert_window") WHERE "sms_logs"."purpose" = 'lead_digest';--> statement-breakpoint
CREATE INDEX "sms_logs_in_digest_idx" ON "sms_logs" USING btree ("alert_window") WHERE "sms_logs"."status" = 'in_digest';
