CREATE TABLE "improvements" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"type" text NOT NULL,
	"description" text NOT NULL,
	"owner_id" text,
	"owner_name" text,
	"due_at" timestamp with time zone,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "postmortems" (
	"incident_id" text PRIMARY KEY NOT NULL,
	"what" text DEFAULT '' NOT NULL,
	"root_cause" text DEFAULT '' NOT NULL,
	"direct_cause" text DEFAULT '' NOT NULL,
	"who" text DEFAULT '' NOT NULL,
	"when_notes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"where" text DEFAULT '' NOT NULL,
	"went_well" text DEFAULT '' NOT NULL,
	"went_badly" text DEFAULT '' NOT NULL,
	"improvement_points" text DEFAULT '' NOT NULL,
	"version" integer NOT NULL,
	"updated_by_id" text,
	"updated_by_name" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "improvements" ADD CONSTRAINT "improvements_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postmortems" ADD CONSTRAINT "postmortems_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "improvements_status_idx" ON "improvements" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "improvements_incident_idx" ON "improvements" USING btree ("incident_id");