CREATE TABLE "archive_documents" (
	"incident_id" text NOT NULL,
	"kind" text NOT NULL,
	"lang" text NOT NULL,
	"title" text NOT NULL,
	"markdown" text NOT NULL,
	"html" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "archive_documents_incident_id_kind_lang_pk" PRIMARY KEY("incident_id","kind","lang")
);
--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "postmortem_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "postmortem_due_soon_fired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "postmortem_overdue_fired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "postmortem_held_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "solutions" ADD COLUMN "qc_status" text;--> statement-breakpoint
ALTER TABLE "solutions" ADD COLUMN "qc_by_id" text;--> statement-breakpoint
ALTER TABLE "solutions" ADD COLUMN "qc_by_name" text;--> statement-breakpoint
ALTER TABLE "solutions" ADD COLUMN "qc_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "solutions" ADD COLUMN "qc_note" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "archive_documents" ADD CONSTRAINT "archive_documents_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
UPDATE "incidents" SET "postmortem_due_at" = "resolved_at" + (CASE "level" WHEN 1 THEN 24 WHEN 2 THEN 48 ELSE 72 END) * interval '1 hour' WHERE "resolved_at" IS NOT NULL;--> statement-breakpoint
UPDATE "incidents" i SET "postmortem_held_at" = p."updated_at" FROM "postmortems" p WHERE p."incident_id" = i."id" AND p."what" <> '' AND (p."root_cause" <> '' OR p."direct_cause" <> '') AND (p."went_well" <> '' OR p."went_badly" <> '');
