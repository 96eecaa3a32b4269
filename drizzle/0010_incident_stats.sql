ALTER TABLE "incidents" ADD COLUMN "first_contact_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "contacts_on_time" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "contacts_late" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "surveyed" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "satisfied" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "customers_uncontacted_idx" ON "customers" USING btree ("incident_id","due_at") WHERE "customers"."first_contact_at" is null and "customers"."unreachable_at" is null;--> statement-breakpoint
UPDATE "incidents" i SET "first_contact_at" = s.first_contact, "contacts_on_time" = s.on_time, "contacts_late" = s.late, "surveyed" = coalesce(v.surveyed, 0), "satisfied" = coalesce(v.satisfied, 0) FROM "incidents" x LEFT JOIN LATERAL (SELECT min(c."first_contact_at") AS first_contact, count(*) FILTER (WHERE c."first_contact_at" <= c."due_at")::int AS on_time, count(*) FILTER (WHERE c."first_contact_at" > c."due_at")::int AS late FROM "customers" c WHERE c."incident_id" = x."id") s ON true LEFT JOIN LATERAL (SELECT count(*)::int AS surveyed, count(*) FILTER (WHERE v."satisfied")::int AS satisfied FROM "surveys" v WHERE v."incident_id" = x."id") v ON true WHERE i."id" = x."id";
