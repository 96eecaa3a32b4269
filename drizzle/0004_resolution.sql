CREATE TABLE "cause_analyses" (
	"incident_id" text PRIMARY KEY NOT NULL,
	"root_cause" text DEFAULT '' NOT NULL,
	"direct_cause" text DEFAULT '' NOT NULL,
	"group" text NOT NULL,
	"version" integer NOT NULL,
	"updated_by_id" text,
	"updated_by_name" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "solutions" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"status" text NOT NULL,
	"proposed_by_id" text,
	"proposed_by_name" text,
	"proposed_at" timestamp with time zone NOT NULL,
	"decided_by_id" text,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"comment" text DEFAULT '' NOT NULL,
	"progress" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cause_analyses" ADD CONSTRAINT "cause_analyses_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "solutions" ADD CONSTRAINT "solutions_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "solutions_incident_idx" ON "solutions" USING btree ("incident_id","proposed_at");