import type { RequestHandler } from './$types';
import { api } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/principal';
import { customerCsvTemplate } from '$lib/server/services/customer-import';

/** The customer CSV template: the Chinese column titles, UTF-8 with a BOM so Excel opens it as such. */
export const GET: RequestHandler = api(async ({ locals }) => {
	requireUser(locals.principal, 'read');
	return new Response(customerCsvTemplate(), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="customers-template.csv"; filename*=UTF-8''${encodeURIComponent('客户问题信息表-模板.csv')}`,
			'cache-control': 'private, max-age=3600'
		}
	});
});
