import { chromium } from '@playwright/test';
const url = process.argv[2];
const ADMIN = { email: 'bench@example.com', password: 'bench-password-1' };
const post = async (path, body, token, type = 'application/json') => {
	const r = await fetch(url + path, { method: 'POST', headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: type === 'application/json' ? JSON.stringify(body) : body });
	return r.json();
};
const { token } = await post('/api/v1/auth/token', ADMIN);
const inc = await post('/api/v1/incidents', { title: '星耀 X5 手机充电时电池鼓包', category: 'product_quality', description: '多地用户反映充电时电池鼓包、后盖翘起。' }, token);
const now = Date.now();
const lines = ['name,phone,productModel,symptom,reportedAt'];
const names = ['任秀兰', '曹刚', '罗平', '孙丽', '周杰', '吴敏', '郑洁', '王强', '李娜', '张伟'];
for (let i = 0; i < 1166; i++) lines.push(`${names[i % 10]}${i + 1},13${String(100000000 + i * 7919).slice(-9)},星耀 X5 ${i % 3 ? '' : 'Pro '}手机,${i % 2 ? '充电时电池鼓包' : '后盖翘起，无法开机'},${new Date(now - ((i * 13) % 40) * 60_000 - 60_000).toISOString()}`);
const imp = await post(`/api/v1/incidents/${inc.id}/customers`, lines.join('\n'), token, 'text/csv');
console.log('imported', imp.created, 'level', imp.incident?.level);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'] });
for (const [lang, suffix] of [['zh-CN', ''], ['en', '-en']]) {
	for (const [kind, opts] of [['incident', { viewport: { width: 1440, height: 900 } }], ['phone', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }]]) {
		const ctx = await b.newContext({ baseURL: url, ...opts });
		await ctx.addCookies([{ name: 'warroom_lang', value: lang, url }]);
		const p = await ctx.newPage();
		await p.goto('/login');
		await p.fill('input[type=email]', ADMIN.email);
		await p.fill('input[type=password]', ADMIN.password);
		await Promise.all([p.waitForURL((u) => !u.pathname.startsWith('/login')), p.click('button[type=submit]')]);
		await p.goto(`/incidents/${inc.id}`);
		await p.locator('[data-testid="customer-row"], [data-testid="customer-card"]').first().waitFor();
		await p.getByTestId('connection').and(p.locator('[data-state="online"]')).waitFor();
		const w = await p.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
		console.log(kind, lang, 'scrollWidth/innerWidth', w);
		await p.screenshot({ path: `/work/notes/shots/incident-${kind}${suffix}.png` });
		await p.screenshot({ path: `/work/wt-incident/docs/screenshot-${kind}${suffix}.png` });
		if (kind === 'phone' && lang === 'zh-CN') {
			await p.getByTestId('contact-open').first().tap();
			await p.getByTestId('contact-sheet').waitFor();
			await p.screenshot({ path: `/work/notes/shots/incident-phone-sheet.png` });
		}
		await ctx.close();
	}
}
await b.close();
