CREATE TABLE "compensation_policies" (
	"id" text PRIMARY KEY NOT NULL,
	"category" text NOT NULL,
	"measure_kind" text,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"coupon_yuan" integer,
	"warranty_extension_months" integer,
	"active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "duty_checks" (
	"incident_id" text NOT NULL,
	"group" text NOT NULL,
	"item" integer NOT NULL,
	"done_by_id" text,
	"done_by_name" text,
	"done_at" timestamp with time zone NOT NULL,
	CONSTRAINT "duty_checks_incident_id_group_item_pk" PRIMARY KEY("incident_id","group","item")
);
--> statement-breakpoint
CREATE TABLE "emergency_contacts" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"organization" text DEFAULT '' NOT NULL,
	"role" text DEFAULT '' NOT NULL,
	"phone" text DEFAULT '' NOT NULL,
	"email" text DEFAULT '' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evidence_files" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"content_type" text NOT NULL,
	"file_name" text DEFAULT '' NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"data" "bytea" NOT NULL,
	"uploaded_by_id" text,
	"uploaded_by_name" text,
	"uploaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "measures" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"kind" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"customer_ids" jsonb NOT NULL,
	"resource_id" text,
	"quantity" integer DEFAULT 0 NOT NULL,
	"policy" jsonb,
	"created_by_id" text,
	"created_by_name" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resources" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"model" text DEFAULT '' NOT NULL,
	"stock" integer NOT NULL,
	"low_threshold" integer DEFAULT 0 NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "response_seats" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"seat" text NOT NULL,
	"group" text NOT NULL,
	"convened_at_level" integer NOT NULL,
	"user_id" text,
	"assigned_at" timestamp with time zone,
	"assigned_by" text,
	"acknowledged_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "authorization_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "authorization_note" text;--> statement-breakpoint
ALTER TABLE "duty_checks" ADD CONSTRAINT "duty_checks_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_seats" ADD CONSTRAINT "response_seats_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_seats" ADD CONSTRAINT "response_seats_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evidence_files_customer_idx" ON "evidence_files" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "measures_incident_idx" ON "measures" USING btree ("incident_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "response_seats_incident_seat_idx" ON "response_seats" USING btree ("incident_id","seat");--> statement-breakpoint
CREATE INDEX "response_seats_user_idx" ON "response_seats" USING btree ("user_id");