CREATE TABLE "confirmations" (
	"customer_id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"result" text NOT NULL,
	"method" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"by_id" text,
	"by_name" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "follow_ups" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"owner_id" text,
	"owner_name" text,
	"due_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"done_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "surveys" (
	"customer_id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"speed" integer NOT NULL,
	"result" integer NOT NULL,
	"attitude" integer NOT NULL,
	"suggestion" text DEFAULT '' NOT NULL,
	"satisfied" boolean NOT NULL,
	"by_id" text,
	"by_name" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "confirmations" ADD CONSTRAINT "confirmations_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "confirmations" ADD CONSTRAINT "confirmations_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "follow_ups_incident_idx" ON "follow_ups" USING btree ("incident_id","status");--> statement-breakpoint
CREATE INDEX "surveys_incident_idx" ON "surveys" USING btree ("incident_id");