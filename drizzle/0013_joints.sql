CREATE TABLE "response_notice_reads" (
	"incident_id" text NOT NULL,
	"version" integer NOT NULL,
	"user_id" text NOT NULL,
	"user_name" text DEFAULT '' NOT NULL,
	"read_at" timestamp with time zone NOT NULL,
	CONSTRAINT "response_notice_reads_incident_id_version_user_id_pk" PRIMARY KEY("incident_id","version","user_id")
);
--> statement-breakpoint
CREATE TABLE "response_notices" (
	"incident_id" text NOT NULL,
	"version" integer NOT NULL,
	"level" integer NOT NULL,
	"reason" text NOT NULL,
	"content" jsonb NOT NULL,
	"published_by_id" text,
	"published_by_name" text,
	"published_at" timestamp with time zone NOT NULL,
	CONSTRAINT "response_notices_incident_id_version_pk" PRIMARY KEY("incident_id","version")
);
--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "contact_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "contact_due_soon_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "contact_due_soon_fired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "contact_overdue_fired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "first_customer_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customer_contacts" ADD COLUMN "channel" text DEFAULT 'phone' NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_contacts" ADD COLUMN "outcome" text DEFAULT 'reached' NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_contacts" ADD COLUMN "commitment_closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customer_contacts" ADD COLUMN "commitment_closed_by_name" text;--> statement-breakpoint
ALTER TABLE "customer_contacts" ADD COLUMN "commitment_closed_note" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_contacts" ADD COLUMN "commitment_due_soon_fired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customer_contacts" ADD COLUMN "commitment_overdue_fired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "unreachable_reason" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "unreachable_by_id" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "unreachable_by_name" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "confirmation_waived_reason" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "confirmation_waived_by_name" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "confirmation_waived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "response_notice_reads" ADD CONSTRAINT "response_notice_reads_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_notices" ADD CONSTRAINT "response_notices_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_contacts_open_commitment_idx" ON "customer_contacts" USING btree ("by_id","commitment_due_at") WHERE "customer_contacts"."commitment_due_at" is not null and "customer_contacts"."commitment_closed_at" is null;--> statement-breakpoint
-- existing data: failed contacts become failed attempts; each incident gets its own clock from identification,
-- ended by its first customer; a clock already past at upgrade does not replay its alarms
UPDATE "customer_contacts" SET "outcome" = 'no_answer' WHERE NOT "reached";--> statement-breakpoint
UPDATE "customers" SET "unreachable_reason" = 'one failed contact (recorded before attempts were counted)' WHERE "unreachable_at" IS NOT NULL;--> statement-breakpoint
UPDATE "incidents" SET
	"contact_due_at" = "identified_at" + make_interval(mins => CASE "level" WHEN 1 THEN 30 WHEN 2 THEN 60 ELSE 120 END),
	"contact_due_soon_at" = "identified_at" + make_interval(mins => CASE "level" WHEN 1 THEN 24 WHEN 2 THEN 48 ELSE 96 END),
	"first_customer_at" = (SELECT min("created_at") FROM "customers" c WHERE c."incident_id" = "incidents"."id");--> statement-breakpoint
UPDATE "incidents" SET "contact_due_soon_fired_at" = now() WHERE "contact_due_soon_at" <= now();--> statement-breakpoint
UPDATE "incidents" SET "contact_overdue_fired_at" = now() WHERE "contact_due_at" <= now();
