CREATE TABLE "customer_contacts" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"by_id" text,
	"by_name" text,
	"reached" boolean NOT NULL,
	"apologized" boolean DEFAULT false NOT NULL,
	"explained" boolean DEFAULT false NOT NULL,
	"need_asked" boolean DEFAULT false NOT NULL,
	"need" text,
	"commitment" text DEFAULT '' NOT NULL,
	"commitment_due_at" timestamp with time zone,
	"note" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"personal_sealed" text,
	"phone_masked" text,
	"email_masked" text,
	"order_no_masked" text,
	"purchased_at" timestamp with time zone,
	"product_model" text DEFAULT '' NOT NULL,
	"symptom" text DEFAULT '' NOT NULL,
	"occurred_at" timestamp with time zone,
	"impact" text DEFAULT '' NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"due_soon_at" timestamp with time zone NOT NULL,
	"first_contact_at" timestamp with time zone,
	"first_contact_on_time" boolean,
	"unreachable_at" timestamp with time zone,
	"authorization_recorded" boolean DEFAULT false NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customer_contacts" ADD CONSTRAINT "customer_contacts_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_contacts" ADD CONSTRAINT "customer_contacts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_contacts_customer_idx" ON "customer_contacts" USING btree ("customer_id","at");--> statement-breakpoint
CREATE INDEX "customers_incident_idx" ON "customers" USING btree ("incident_id","position");--> statement-breakpoint
CREATE INDEX "customers_open_due_idx" ON "customers" USING btree ("due_at");