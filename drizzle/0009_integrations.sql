ALTER TABLE "credentials" ADD COLUMN "role" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "external_source" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "external_id" text;--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_external_idx" ON "incidents" USING btree ("external_source","external_id");