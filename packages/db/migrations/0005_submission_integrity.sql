ALTER TABLE "consumer_reports" ADD COLUMN "consent_version" integer;--> statement-breakpoint
ALTER TABLE "consumer_reports" ADD COLUMN "dedupe_key" text;--> statement-breakpoint
UPDATE "consumer_reports" AS r SET "dedupe_key" = newest."key"
FROM (
  SELECT DISTINCT ON ("key") "id", "key"
  FROM (
    SELECT "id", "created_at",
      encode(sha256(convert_to("agent_id"::text || E'\n' || "consumer_phone" || E'\n' || lower(regexp_replace(trim("property_address"), '\s+', ' ', 'g')), 'UTF8')), 'hex') AS "key"
    FROM "consumer_reports"
  ) AS keyed
  ORDER BY "key", "created_at" DESC
) AS newest
WHERE r."id" = newest."id";--> statement-breakpoint
CREATE UNIQUE INDEX "consumer_reports_dedupe_key_uq" ON "consumer_reports" USING btree ("dedupe_key");--> statement-breakpoint
CREATE FUNCTION "consumer_reports_consent_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."consent_text" IS DISTINCT FROM OLD."consent_text"
    OR NEW."consent_text_sha256" IS DISTINCT FROM OLD."consent_text_sha256"
    OR NEW."consent_version" IS DISTINCT FROM OLD."consent_version"
    OR NEW."consent_at" IS DISTINCT FROM OLD."consent_at"
    OR NEW."consent_ip" IS DISTINCT FROM OLD."consent_ip"
    OR NEW."consent_user_agent" IS DISTINCT FROM OLD."consent_user_agent"
    OR NEW."consent_page_url" IS DISTINCT FROM OLD."consent_page_url"
    OR NEW."consumer_phone" IS DISTINCT FROM OLD."consumer_phone" THEN
    RAISE EXCEPTION 'consumer_reports: the consent record is append-only and cannot be updated'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "consumer_reports_consent_immutable"
  BEFORE UPDATE OF "consent_text", "consent_text_sha256", "consent_version", "consent_at", "consent_ip", "consent_user_agent", "consent_page_url", "consumer_phone"
  ON "consumer_reports" FOR EACH ROW EXECUTE FUNCTION "consumer_reports_consent_immutable"();
