// Importing 10,000 affected customers as CSV through the API (validation, encryption of phone,
// e-mail and order number, deadlines, escalation, one transaction), side by side with the bare
// database inserting the same number of plain rows through the same driver.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export const IMPORT_ROWS = 10_000;

/** A CSV the way teams export it: every api.md column, reportedAt spread over the last hour. */
export function customerCsv(n, now = Date.now()) {
	const lines = ['name,phone,email,orderNo,purchasedAt,productModel,symptom,occurredAt,impact,reportedAt'];
	for (let i = 0; i < n; i++) {
		const phone = `13${String(100_000_000 + i).slice(-9)}`;
		const reported = new Date(now - (i % 60) * 60_000).toISOString();
		lines.push(`客户${i + 1},${phone},user${i}@example.cn,SO2026${String(10_000_000 + i)},2026-08-01T10:00:00.000Z,星耀 X5 手机,充电时电池鼓包,2026-11-22T08:00:00.000Z,无法使用,${reported}`);
	}
	return lines.join('\r\n');
}

/** Time for one import request of `csv` into a fresh level-3 incident; returns ms and the resulting level. */
export async function timeApiImport(url, token, csv) {
	const auth = { authorization: `Bearer ${token}` };
	const inc = await fetch(`${url}/api/v1/incidents`, {
		method: 'POST',
		headers: { ...auth, 'content-type': 'application/json' },
		body: JSON.stringify({ title: 'import bench', category: 'product_quality' })
	}).then((r) => r.json());
	const t0 = performance.now();
	const res = await fetch(`${url}/api/v1/incidents/${inc.id}/customers`, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: csv });
	const body = await res.json();
	const ms = performance.now() - t0;
	if (res.status !== 201) throw new Error(`import failed: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
	return { ms, created: body.created, level: body.incident.level, overdue: body.incident.contact.overdue };
}

const BARE_DDL = `create table bare_customers (id text primary key, incident_id text not null, position int not null, name text not null,
	phone text, email text, order_no text, product_model text, symptom text, impact text, reported_at timestamptz not null, due_at timestamptz not null)`;

function bareRows(n) {
	const now = Date.now();
	return Array.from({ length: n }, (_, i) => [
		`c${i}`,
		'inc',
		i + 1,
		`客户${i + 1}`,
		`13${String(100_000_000 + i).slice(-9)}`,
		`user${i}@example.cn`,
		`SO2026${10_000_000 + i}`,
		'星耀 X5 手机',
		'充电时电池鼓包',
		'无法使用',
		new Date(now).toISOString(),
		new Date(now + 7_200_000).toISOString()
	]);
}

function insertSql(count) {
	const values = Array.from({ length: count }, (_, r) => `(${Array.from({ length: 12 }, (_, c) => `$${r * 12 + c + 1}`).join(',')})`);
	return `insert into bare_customers values ${values.join(',')}`;
}

/** The same number of plain rows, in one transaction, chunks of 1,000, through PGlite on disk. */
export async function timeBarePglite(n) {
	const { PGlite } = await import('@electric-sql/pglite');
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-bare-'));
	const db = new PGlite(dir);
	try {
		await db.exec(BARE_DDL);
		const rows = bareRows(n);
		const t0 = performance.now();
		await db.transaction(async (tx) => {
			for (let i = 0; i < rows.length; i += 1000) {
				const chunk = rows.slice(i, i + 1000);
				await tx.query(insertSql(chunk.length), chunk.flat());
			}
		});
		return performance.now() - t0;
	} finally {
		await db.close();
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/** The same through postgres.js against a PostgreSQL database. */
export async function timeBarePostgres(n, databaseUrl) {
	const { default: postgres } = await import('postgres');
	const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
	try {
		await sql.unsafe('drop table if exists bare_customers');
		await sql.unsafe(BARE_DDL);
		const rows = bareRows(n);
		const t0 = performance.now();
		await sql.begin(async (tx) => {
			for (let i = 0; i < rows.length; i += 1000) {
				const chunk = rows.slice(i, i + 1000);
				await tx.unsafe(insertSql(chunk.length), chunk.flat());
			}
		});
		const ms = performance.now() - t0;
		await sql.unsafe('drop table bare_customers');
		return ms;
	} finally {
		await sql.end();
	}
}
