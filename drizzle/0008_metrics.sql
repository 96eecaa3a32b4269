ALTER TABLE "incidents" ADD COLUMN "product_model" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "recurrence_of" text;--> statement-breakpoint
CREATE INDEX "incidents_model_idx" ON "incidents" USING btree ("category","product_model","identified_at");--> statement-breakpoint
UPDATE "incidents" i SET "product_model" = c."product_model" FROM (SELECT DISTINCT ON ("incident_id") "incident_id", "product_model" FROM "customers" WHERE "product_model" <> '' ORDER BY "incident_id", "position") c WHERE c."incident_id" = i."id" AND i."product_model" = '';
