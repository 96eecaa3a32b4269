ALTER TABLE "customers" ADD COLUMN "due_soon_fired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "overdue_fired_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "customers_alarm_idx" ON "customers" USING btree ("overdue_fired_at","due_soon_at");