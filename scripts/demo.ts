// `npm run demo`: loads a realistic, deterministic history of after-sales emergencies into the
// configured database (PGlite in WARROOM_DATA_DIR, or DATABASE_URL): two years of incidents
// through every phase, their customers, contacts, causes, solutions, surveys, post-mortems and
// improvements, plus a few live incidents whose contact deadlines are running. Demo incidents
// are marked created_by = 'demo'; `--reset` deletes them (and only them) first.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { getTableColumns, getTableName, is, sql, type SQL } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { loadConfig } from '$lib/server/config';
import { openDatabase, type Database, type DbOrTx } from '$lib/server/db/client';
import * as schema from '$lib/server/db/schema';
import { PersonalDataCipher } from '$lib/server/personal-data';
import { pgliteHolders } from '$lib/server/db/pglite-holders';
import { arrayLiteral, bulkInsertCustomers, newCustomerRow, toCustomerJson } from '$lib/server/services/customers';
import { toIncidentJson, type IncidentRow } from '$lib/server/services/incident-view';
import { refreshIncidentStats } from '$lib/server/services/incident-stats';
import { DEFAULT_INPUTS, determineLevel, levelName, type Level, type LevelInputs } from '$lib/domain/levels';
import { CONTACT_WINDOW_MS, POSTMORTEM_WINDOW_MS, deadlineStatus, rollup } from '$lib/domain/deadlines';
import { isSatisfied } from '$lib/domain/survey';
import { seatsForLevel } from '$lib/domain/response';
import { dayInTimeZone, formatIncidentCode, INCIDENT_CODE_PREFIX } from '$lib/domain/codes';
import { CAUSE_GROUP, SOLUTION_CATALOGUE, approverOf } from '$lib/domain/resolution';
import { unmetConditions } from '$lib/domain/phases';
import type { Category, CustomerInputT } from '$lib/api/schemas';

const DEMO = 'demo';
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const USAGE = 'Usage: npm run demo -- [--incidents=5000] [--customers=200000] [--months=24] [--seed=1] [--now=ISO] [--reset]';

// ---------------------------------------------------------------- options

interface Options {
	incidents: number;
	customers: number;
	months: number;
	seed: number;
	now?: Date;
	reset: boolean;
}

/** A refusal or a usage error: its message alone is shown, and the exit status is 1. */
class Refusal extends Error {}
function fail(message: string): never {
	throw new Refusal(message);
}

function parseArgs(argv: string[]): Options {
	const o: Options = { incidents: 5000, customers: 200_000, months: 24, seed: 1, reset: false };
	for (const arg of argv) {
		const [, key, value] = /^--([a-z]+)(?:=(.*))?$/.exec(arg) ?? [];
		const int = (min: number) => {
			const n = Number(value?.replace(/[_,]/g, ''));
			if (!Number.isInteger(n) || n < min) fail(`--${key} must be an integer ≥ ${min}\n${USAGE}`);
			return n;
		};
		if (key === 'incidents' || key === 'customers' || key === 'months' || key === 'seed') o[key] = int(key === 'seed' ? 0 : key === 'incidents' ? 10 : 1);
		else if (key === 'reset' && value === undefined) o.reset = true;
		else if (key === 'now' && value && !Number.isNaN(Date.parse(value))) o.now = new Date(value);
		else if (key === 'help') fail(USAGE);
		else fail(`Unknown option ${arg}\n${USAGE}`);
	}
	if (o.customers < o.incidents) fail('--customers must be at least --incidents (every incident has a customer)');
	return o;
}

// ---------------------------------------------------------------- deterministic randomness

function digest(...parts: unknown[]): Buffer {
	return createHash('sha1').update(parts.join('\u0000')).digest();
}

/** mulberry32, seeded from a hash of the parts (one stream per incident, so chunking changes nothing). */
class Rng {
	private a: number;
	constructor(...parts: unknown[]) {
		this.a = digest(...parts).readUInt32LE(0);
	}
	next(): number {
		this.a = (this.a + 0x6d2b79f5) | 0;
		let t = Math.imul(this.a ^ (this.a >>> 15), 1 | this.a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}
	float(a: number, b: number): number {
		return a + (b - a) * this.next();
	}
	int(a: number, b: number): number {
		return a + Math.floor(this.next() * (b - a + 1));
	}
	chance(p: number): boolean {
		return this.next() < p;
	}
	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}
	weighted<T>(entries: readonly (readonly [T, number])[]): T {
		let x = this.next() * entries.reduce((s, e) => s + e[1], 0);
		for (const [v, w] of entries) if ((x -= w) < 0) return v;
		return entries[entries.length - 1][0];
	}
	/** Log-normal around a median (sigma in log space): durations. */
	around(median: number, sigma = 0.5): number {
		const gauss = Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
		return median * Math.exp(sigma * gauss);
	}
	digits(n: number): string {
		let s = '';
		for (let i = 0; i < n; i++) s += this.int(0, 9);
		return s;
	}
}

/** UUID-shaped ids derived from the seed and the row's place: the same seed gives the same ids. */
let idSeed = 0;
function uuid(...parts: unknown[]): string {
	const h = digest(idSeed, ...parts).toString('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// ---------------------------------------------------------------- realistic content

type Family = { make: (r: Rng) => string; symptoms: string[] };
const FAMILIES: Family[] = [
	{ make: (r) => `星耀X${r.int(10, 60)}${r.pick(['', ' Pro', ' Max', ' Lite'])} 手机`, symptoms: ['电池鼓包', '屏幕闪烁', '充电发烫', '频繁自动重启', '信号差易断网'] },
	{
		make: (r) => `云帆 ${r.pick(['Pro', 'Air', 'Book'])} ${r.pick([13, 14, 15, 16])} ${r.pick(['i5', 'i7', 'R7'])} 笔记本`,
		symptoms: ['屏幕闪烁', '键盘失灵', '蓝屏死机', '电池续航骤降', '风扇异响']
	},
	{ make: (r) => `净界 ${r.int(2, 9)}${r.pick(['', ' Pro', ' Max', 'S'])} 空气净化器`, symptoms: ['出风有异味', '滤网报警失灵', '噪音大', '传感器读数异常'] },
	{ make: (r) => `冰川 BCD-${r.int(20, 65) * 10}${r.pick(['W', 'WT', 'E', 'WPD'])} 冰箱`, symptoms: ['不制冷', '冷藏室结冰', '压缩机噪音大', '门封漏气', '显示屏报错 E5'] },
	{ make: (r) => `悦听 ${r.pick(['Air', 'Pro', 'Buds', 'Free'])} ${r.int(1, 6)} 耳机`, symptoms: ['单耳无声', '充电仓无法充电', '连接频繁断开', '降噪失效'] },
	{ make: (r) => `暖域 KFR-${r.pick([26, 35, 50, 72])}GW/${r.pick(['A', 'B', 'C', 'D', 'E', 'F'])}${r.int(1, 5)} 空调`, symptoms: ['不制冷', '室内机漏水', '外机异响', '遥控失灵'] },
	{ make: (r) => `极光 ${r.pick([43, 55, 65, 75, 85])}${r.pick(['E', 'U', 'Q'])}${r.int(1, 9)} 电视`, symptoms: ['黑屏无法开机', '屏幕出现竖线', '系统卡顿', '遥控失灵'] },
	{ make: (r) => `汇净 XQG${r.pick([80, 100, 120])}-${r.pick(['B', 'D', 'H'])}${r.int(12, 19)} 洗衣机`, symptoms: ['脱水异响', '漏水', '门锁故障', '显示屏报错 E3'] },
	{ make: (r) => `清泉 JS${r.int(4, 12)}00${r.pick(['', 'G', 'Pro'])} 净水器`, symptoms: ['出水量变小', '滤芯提示异常', '漏水'] },
	{ make: (r) => `洁途 T${r.int(10, 40)}${r.pick(['', ' Max', ' Pro'])} 扫地机器人`, symptoms: ['无法回充', '导航迷路', '主刷卡死'] }
];

const SERVICE_SYMPTOMS = ['快递延误', '发错货', '客服态度差', '安装师傅爽约', '退款迟迟未到账', '维修超时未完成', '配件缺货无法维修', '以旧换新补贴未到账'];
const SPECIAL_SYMPTOMS = ['订单系统宕机', '暴雨导致物流停运', '门店停电无法营业', '台风导致配送中断', '支付通道故障', '仓库断网无法出库', '大雪封路配送停滞', '售后热线中断'];
const CITIES = ['北京', '上海', '广州', '深圳', '杭州', '成都', '武汉', '西安', '南京', '重庆', '郑州', '长沙', '天津', '苏州', '青岛', '沈阳', '厦门', '合肥', '济南', '昆明', '福州', '南宁'];
const REGIONS = ['华东', '华南', '华北', '华中', '西南', '西北', '东北'];
const SOURCES = ['客服热线', '在线客服', '微博舆情监测', '门店反馈', '电商平台差评', '质检抽查', '售后工单系统', '黑猫投诉', '抖音评论区', '物流商通报', '经销商反馈', '12315 转办'];
const SURNAMES =
	'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱武戴莫孔向常';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚辉玲桂英华建国红文斌宇浩婷雪琳晨欣怡子涵梓轩俊佳鑫博思雨晓东海峰波飞鹏燕萍凤兰梅琴云亮成志春龙林阳慧颖瑞嘉天一诗家乐安凯';
const IMPACTS = ['无法正常使用', '影响日常生活', '影响工作', '存在安全隐患', '需要紧急处理', '轻微影响'];
const DETAILS: Record<Category, string[]> = {
	product_quality: ['使用约三个月后出现', '新机到手即出现', '多次重启无效', '已在门店检测确认', '同批次多台出现'],
	service_failure: ['已多次催促', '客服承诺后未兑现', '订单已超时三天', '大促期间下单', '家中老人等待上门'],
	special_scenario: ['当天无法下单', '配送预约被取消', '门店暂停服务', '包裹滞留中转站', '售后电话打不通']
};
const ROOT_CAUSES: Record<Category, string[]> = {
	product_quality: ['电芯供应商批次来料不良', '主板固件电源管理缺陷', '装配工艺扭矩参数偏差', '散热设计余量不足', '压缩机批次质量问题', '密封件老化标准偏低'],
	service_failure: ['拣货流程缺少扫码复核', '大促期间临时人员未经培训', '派单系统未校验师傅排期', '退款审核环节过多', '客服考核只看通话时长'],
	special_scenario: ['数据库主从切换失败', '极端天气预案未覆盖干线停运', '门店未配备备用电源', '支付通道单点依赖', '机房网络设备单点故障']
};
const DIRECT_CAUSES: Record<Category, string[]> = {
	product_quality: ['出厂老化测试抽检比例过低', '质检未覆盖高温场景', '产线换线后首件检验缺失', '供应商变更未做验证'],
	service_failure: ['仓库高峰期人手不足', '新员工未培训上岗', '系统提醒被忽略', '跨部门交接信息缺失'],
	special_scenario: ['备用方案切换超时', '预警信息未及时传达', '应急物资未提前部署', '第三方服务商响应慢']
};
const SOLUTION_TEXT: Record<string, string> = {
	repair: '安排工程师上门检测维修,更换故障部件',
	replacement: '为受影响客户免费换新同型号产品',
	recall: '对问题批次启动召回并在官网公告',
	process_fix: '拣货环节增加扫码复核,异常单自动拦截',
	training: '对相关岗位人员开展专项培训并考核',
	compensation: '向受影响客户致歉并发放补偿券',
	system_restore: '切换备用系统并恢复订单数据',
	logistics_change: '调整配送路线,启用备用物流商',
	resource_coordination: '调配周边门店与仓库资源支援'
};
const IMPROVEMENTS = [
	['process', '完善高峰期复核与交接流程'],
	['product', '供应商来料检验增加关键参数检测'],
	['training', '新员工上岗前完成应急处理培训'],
	['resources', '各区域仓增加备件安全库存'],
	['process', '建立舆情监测与客服联动机制'],
	['product', '出厂老化测试覆盖高温高湿场景']
] as const;
const WENT_WELL = ['客服在时限内完成首次联系', '技术组快速定位原因', '补偿方案审批及时', '跨部门协作顺畅', '备件调拨迅速'];
const WENT_BADLY = ['部分客户首次联系超时', '原因分析耗时过长', '备件库存不足导致维修延误', '舆情发现滞后', '进度同步不及时'];
const SUGGESTIONS = ['', '', '', '希望处理速度再快一些', '客服态度很好', '希望能主动告知进度', '补偿方案合理', '维修师傅很专业'];
const WAIVER_REASONS = ['客户已搬离,改由家属收货,不再签字', '客户拒绝签署确认单,口头表示已正常使用', '客户出国,无法取得签字'];

/** A 《问题解决确认单》 row: mostly satisfied, mostly confirmed in the app or by phone. */
function confirmation(cr: Rng, customerId: string, incidentId: string, agent: { id: string; name: string }, at: Date) {
	return {
		customerId,
		incidentId,
		result: cr.weighted([
			['satisfied', 85],
			['neutral', 10],
			['unsatisfied', 5]
		] as const),
		method: cr.weighted([
			['app', 50],
			['phone', 35],
			['signature', 15]
		] as const),
		note: '',
		byId: agent.id,
		byName: agent.name,
		at
	};
}

const STAFF = ['王建军', '李娜', '张伟', '刘洋', '陈静', '杨帆', '赵敏', '周涛', '吴磊', '孙丽', '郑凯', '何雪'].map((name, i) => ({ id: `demo-staff-${i + 1}`, name }));

// ---------------------------------------------------------------- the plan: when, what, how big

interface Plan {
	index: number;
	at: Date;
	declaredAt: Date;
	category: Category;
	level: Level;
	count: number;
	family: number;
	model: string;
	symptom: string;
	recurrenceOf: string | null;
	live?: LiveSpec;
	code?: string;
}

interface LiveSpec {
	agoMin: number;
	level: Level;
	category: Category;
	family: number;
	symptom: string;
	inputs: Partial<LevelInputs>;
	count: number;
	phase: 'initiation' | 'containment';
	/** The one customer left overdue, by position (0 = none). */
	overdue?: number;
}

const LIVE: LiveSpec[] = [
	{ agoMin: 150, level: 2, category: 'special_scenario', family: 3, symptom: '暴雨导致物流停运', inputs: { regionalInterruption: true }, count: 36, phase: 'containment', overdue: 3 },
	{ agoMin: 26, level: 1, category: 'product_quality', family: 0, symptom: '电池鼓包', inputs: { personalInjury: true, mediaExposure: true }, count: 14, phase: 'containment' },
	{ agoMin: 100, level: 3, category: 'product_quality', family: 6, symptom: '屏幕出现竖线', inputs: {}, count: 4, phase: 'containment' },
	{ agoMin: 9, level: 2, category: 'service_failure', family: 4, symptom: '发错货', inputs: { compensationDemanded: true }, count: 12, phase: 'initiation' }
];

/** Volume per day: a slow downward trend, 双十一 and 618, the Spring-festival logistics crunch, weekends quieter. */
function dayWeight(day: Date, progress: number): number {
	const month = day.getUTCMonth() + 1;
	const d = day.getUTCDate();
	const season = month === 11 ? (d >= 10 && d <= 20 ? 2.6 : 1.5) : month === 6 ? 1.3 : month <= 2 ? 1.15 : month === 7 || month === 8 ? 1.1 : 1;
	const weekend = day.getUTCDay() === 0 || day.getUTCDay() === 6 ? 0.85 : 1;
	return (1.3 - 0.6 * progress) * season * weekend;
}

function categoryWeights(at: Date): [Category, number][] {
	const month = at.getUTCMonth() + 1;
	return [
		['product_quality', month === 7 || month === 8 ? 0.5 : 0.45],
		['service_failure', month === 11 || month === 6 ? 0.5 : 0.35],
		['special_scenario', month >= 5 && month <= 9 ? 0.25 : 0.18]
	];
}

/** Customers per incident: 1–9 at level 3, 10–99 at level 2, the rest to level 1; scaled to the total. */
function distributeCustomers(levels: Level[], total: number, rng: Rng): number[] {
	const counts = levels.map((l) => (l === 3 ? Math.min(9, Math.max(1, Math.round(rng.around(3, 0.6)))) : l === 2 ? Math.min(99, Math.max(10, Math.round(rng.around(32, 0.6)))) : 0));
	const ones = levels.filter((l) => l === 1).length;
	for (const level of [2, 3] as Level[]) {
		const fixed = counts.reduce((s, c) => s + c, 0);
		const room = total - ones * Math.min(100, Math.floor(total / levels.length)) - fixed;
		if (room >= 0) break;
		const own = levels.reduce((s, l, i) => s + (l === level ? counts[i] : 0), 0);
		if (own === 0) continue;
		const scale = Math.max(0, (own + room) / own);
		levels.forEach((l, i) => l === level && (counts[i] = Math.max(1, Math.floor(counts[i] * scale))));
	}
	let rest = total - counts.reduce((s, c) => s + c, 0);
	const weights = levels.map((l) => (l === 1 ? rng.around(1, 0.7) : 0));
	const sum = weights.reduce((s, w) => s + w, 0) || 1;
	levels.forEach((l, i) => l === 1 && (counts[i] = Math.max(1, Math.floor((rest * weights[i]) / sum))));
	rest = total - counts.reduce((s, c) => s + c, 0);
	// Whatever rounding left (or took) goes to the largest incidents, one by one.
	const order = counts.map((c, i) => i).sort((a, b) => counts[b] - counts[a]);
	for (let k = 0; rest !== 0; k = (k + 1) % order.length) {
		const i = order[k];
		if (rest < 0 && counts[i] <= 1) continue;
		counts[i] += Math.sign(rest);
		rest -= Math.sign(rest);
	}
	return counts;
}

function plan(o: Options, anchor: Date, liveNow: Date, timeZone: string, serials: Map<string, number>): Plan[] {
	const rng = new Rng(o.seed, 'plan');
	const start = new Date(anchor);
	start.setUTCMonth(start.getUTCMonth() - o.months);
	const end = anchor.getTime() - 8 * HOUR;
	const days: { t: number; w: number }[] = [];
	for (let t = start.getTime(); t < end; t += DAY) days.push({ t, w: dayWeight(new Date(t), (t - start.getTime()) / (end - start.getTime())) });
	const cumulative: number[] = [];
	days.reduce((s, d, i) => (cumulative[i] = s + d.w), 0);
	const live = LIVE.slice(0, Math.min(LIVE.length, Math.floor(o.incidents / 10)));
	const historic = o.incidents - live.length;
	const hourWeights = Array.from({ length: 24 }, (_, h) => [h, h >= 9 && h <= 22 ? 3 : h >= 7 ? 1.5 : 0.4] as const);
	const plans: Plan[] = [];
	const recent: Record<Category, Plan[]> = { product_quality: [], service_failure: [], special_scenario: [] };
	const lastUsed = new Map<string, number>();
	const levels: Level[] = [];
	for (let k = 0; k < historic; k++) {
		// Stratified draws through the cumulative day weights: smooth, deterministic volume.
		const x = ((k + rng.next()) / historic) * cumulative[cumulative.length - 1];
		let lo = 0;
		for (let hi = cumulative.length - 1; lo < hi;) {
			const mid = (lo + hi) >> 1;
			if (cumulative[mid] < x) lo = mid + 1;
			else hi = mid;
		}
		// Hours of the day in Beijing time (UTC+8), the working day busier.
		const at = new Date(Math.min(end, days[lo].t + ((rng.weighted(hourWeights) - 8 + 24) % 24) * HOUR + rng.int(0, HOUR - 1)));
		levels.push(
			rng.weighted([
				[1, 5],
				[2, 25],
				[3, 70]
			] as const)
		);
		plans.push({ index: k, at, declaredAt: at, category: rng.weighted(categoryWeights(at)), level: levels[k], count: 0, family: 0, model: '', symptom: '', recurrenceOf: null });
	}
	plans.sort((a, b) => a.at.getTime() - b.at.getTime());
	const liveCustomers = live.reduce((s, l) => s + l.count, 0);
	const counts = distributeCustomers(
		plans.map((p) => p.level),
		Math.max(historic, o.customers - liveCustomers),
		rng
	);
	for (const [k, p] of plans.entries()) {
		p.index = k;
		p.count = counts[k];
		p.declaredAt = new Date(p.at.getTime() + rng.int(p.level === 1 ? 3 : 5, p.level === 1 ? 15 : 45) * MIN);
		const pool = recent[p.category];
		while (pool.length && p.at.getTime() - pool[0].at.getTime() > 90 * DAY) pool.shift();
		// About one in ten recurs: the same model and category within 90 days; a third of those are linked.
		const earlier = pool.length && rng.chance(0.1) ? rng.pick(pool) : null;
		if (earlier) {
			Object.assign(p, { family: earlier.family, model: earlier.model, recurrenceOf: rng.chance(0.35) ? uuid('incident', earlier.index) : null });
		} else {
			for (let tries = 0; tries < 50; tries++) {
				p.family = rng.int(0, FAMILIES.length - 1);
				p.model = FAMILIES[p.family].make(rng);
				const last = lastUsed.get(`${p.category}|${p.model}`);
				if (last === undefined || p.at.getTime() - last > 90 * DAY) break;
			}
		}
		lastUsed.set(`${p.category}|${p.model}`, p.at.getTime());
		pool.push(p);
		p.symptom =
			p.category === 'product_quality'
				? earlier && rng.chance(0.6)
					? earlier.symptom
					: rng.pick(FAMILIES[p.family].symptoms)
				: rng.pick(p.category === 'service_failure' ? SERVICE_SYMPTOMS : SPECIAL_SYMPTOMS);
	}
	for (const spec of live) {
		const at = new Date(liveNow.getTime() - spec.agoMin * MIN);
		const model = FAMILIES[spec.family].make(new Rng(o.seed, 'live', spec.symptom));
		plans.push({
			index: plans.length,
			at,
			declaredAt: new Date(at.getTime() + 2 * MIN),
			category: spec.category,
			level: spec.level,
			count: spec.count,
			family: spec.family,
			model,
			symptom: spec.symptom,
			recurrenceOf: null,
			live: spec
		});
	}
	// Codes in declaring order per day, after any serial the database already used that day.
	for (const p of [...plans].sort((a, b) => a.declaredAt.getTime() - b.declaredAt.getTime())) {
		const day = dayInTimeZone(p.declaredAt, timeZone);
		const serial = (serials.get(day) ?? 0) + 1;
		serials.set(day, serial);
		p.code = formatIncidentCode(INCIDENT_CODE_PREFIX, day, serial);
	}
	return plans;
}

/** Inputs that make `determineLevel` give the planned level, with some extra lower triggers. */
function levelInputs(p: Plan, rng: Rng): LevelInputs {
	const inputs: LevelInputs = { ...DEFAULT_INPUTS, estimatedAffectedCustomers: p.count, ...p.live?.inputs };
	if (p.live) return inputs;
	if (p.level === 1 && (p.count < 100 || rng.chance(0.3))) {
		const key = rng.pick(p.category === 'product_quality' ? (['mediaExposure', 'personalInjury', 'majorBrandRisk'] as const) : (['mediaExposure', 'majorBrandRisk'] as const));
		inputs[key] = true;
	}
	if (p.level <= 2 && (p.count < 10 || rng.chance(0.25))) {
		if (p.category === 'special_scenario') inputs.regionalInterruption = true;
		else if (rng.chance(0.5)) inputs.compensationDemanded = true;
		else inputs.propertyLoss = 'significant';
	}
	if (p.level === 3 && rng.chance(0.2)) inputs.propertyLoss = 'minor';
	return inputs;
}

// ---------------------------------------------------------------- rows of one incident

type Rows = {
	incidents: IncidentRow[];
	incidentEvents: (typeof schema.incidentEvents.$inferInsert)[];
	responseSeats: (typeof schema.responseSeats.$inferInsert)[];
	customers: ReturnType<typeof newCustomerRow>[];
	customerContacts: (typeof schema.customerContacts.$inferInsert)[];
	causeAnalyses: (typeof schema.causeAnalyses.$inferInsert)[];
	solutions: (typeof schema.solutions.$inferInsert)[];
	confirmations: (typeof schema.confirmations.$inferInsert)[];
	surveys: (typeof schema.surveys.$inferInsert)[];
	followUps: (typeof schema.followUps.$inferInsert)[];
	postmortems: (typeof schema.postmortems.$inferInsert)[];
	improvements: (typeof schema.improvements.$inferInsert)[];
};
const emptyRows = (): Rows => ({
	incidents: [],
	incidentEvents: [],
	responseSeats: [],
	customers: [],
	customerContacts: [],
	causeAnalyses: [],
	solutions: [],
	confirmations: [],
	surveys: [],
	followUps: [],
	postmortems: [],
	improvements: []
});

const later = (t: Date, ms: number) => new Date(t.getTime() + ms);

function phone(r: Rng): string {
	return `1${r.pick(['38', '39', '58', '59', '86', '87', '36', '50', '77', '91'])}${r.digits(8)}`;
}

/** Builds every row of one incident as the app would have written them, up to `anchor`. */
function buildIncident(p: Plan, o: Options, anchor: Date, cipher: PersonalDataCipher, out: Rows): void {
	const rng = new Rng(o.seed, 'incident', p.index);
	const id = uuid('incident', p.index);
	const progress = Math.min(1, Math.max(0, 1 - (anchor.getTime() - p.at.getTime()) / (o.months * 30.4 * DAY)));
	const speed = 1.3 - 0.6 * progress;
	const now = p.live ? later(p.at, p.live.agoMin * MIN) : anchor;
	// The level is what the rules determine from the inputs and the customer count (as planned,
	// unless a small total pushed an incident past its band).
	const inputs = levelInputs(p, rng);
	const reason = determineLevel(inputs, p.count);
	const level = reason.level;
	const window = CONTACT_WINDOW_MS[level];
	const city = rng.pick(CITIES);
	const staff = () => rng.pick(STAFF);
	const lead = staff();
	const title =
		p.category === 'product_quality' ? `${p.model}${level === 1 ? '批量' : ''}${p.symptom}` : p.category === 'service_failure' ? `${rng.pick(REGIONS)}仓${p.symptom}` : `${city}${p.symptom}`;
	const source = rng.pick(SOURCES);
	const seats = seatsForLevel(level);
	const seatRollup = { total: seats.length, filled: 0, acknowledged: 0 };
	// the per-incident stats columns keep their defaults here: refreshIncidentStats fills them after the insert
	const row = {
		id,
		code: p.code!,
		title,
		category: p.category,
		source,
		level: level,
		levelReason: reason,
		phase: 'initiation',
		inputs,
		description: `${source}报告:${city}等地客户反馈${p.model}${p.symptom},${levelName(level, 'zh')}。`,
		affectedCustomers: 0,
		identifiedAt: p.at,
		resolvedAt: null,
		closedAt: null,
		postmortemDueAt: null,
		postmortemDueSoonFiredAt: null,
		postmortemOverdueFiredAt: null,
		postmortemHeldAt: null,
		productModel: p.model,
		recurrenceOf: p.recurrenceOf,
		createdBy: DEMO,
		createdAt: p.declaredAt,
		updatedAt: p.declaredAt,
		version: 0
	} as IncidentRow;
	const custs: Rows['customers'] = [];
	const snapshot = (at: Date) => {
		const statuses = custs
			.filter((c) => c.createdAt <= at)
			.map((c) =>
				deadlineStatus(
					{ ...c, firstContactAt: c.firstContactAt && c.firstContactAt <= at ? c.firstContactAt : null, unreachableAt: c.unreachableAt && c.unreachableAt <= at ? c.unreachableAt : null },
					at
				)
			);
		const open = custs.filter((c) => c.createdAt <= at).filter((c, i) => statuses[i] === 'pending' || statuses[i] === 'due_soon' || statuses[i] === 'overdue');
		const min = (ts: Date[]) => (ts.length ? new Date(Math.min(...ts.map((t) => t.getTime()))).toISOString() : null);
		return toIncidentJson(row, 'en', { ...rollup(statuses), nextDueAt: min(open.map((c) => c.dueAt)), nextDueSoonAt: min(open.map((c) => c.dueSoonAt)), incidentClock: null }, seatRollup);
	};
	/** Appends a timeline event (seq = the new version) if it happened by now; returns whether it did. */
	const emit = (type: string, at: Date, data: Record<string, unknown>, set: Partial<IncidentRow> = {}, actor = lead): boolean => {
		if (at > now) return false;
		Object.assign(row, set, { version: row.version + 1, updatedAt: at });
		out.incidentEvents.push({ incidentId: id, seq: row.version, type, at, actorId: actor.id, actorName: actor.name, actorSystem: false, data: { ...data, incident: snapshot(at) } });
		return true;
	};
	emit('incident.declared', p.declaredAt, { seats: seats.map((s) => ({ seat: s.seat, group: s.group, en: s.en, zh: s.zh })) });
	out.responseSeats.push(...seats.map((s) => ({ id: uuid('seat', p.index, s.seat), incidentId: id, seat: s.seat, group: s.group, convenedAtLevel: level, createdAt: p.declaredAt })));

	// Affected customers, registered in one list; contacts mostly within the deadline (better over time).
	const addAt = later(p.declaredAt, rng.int(5, 40) * MIN);
	const containAt = p.live ? later(p.declaredAt, MIN / 2) : later(addAt, rng.int(2, 20) * MIN);
	// The demo's people are names, not accounts: no seat is filled and no notice is published in Warroom, so the lead
	// records why containment starts anyway (the gate's conditions as they stood, and the reason).
	const containOverride = {
		reason: '牵头人已电话确认到岗,《应急响应通知》已通过邮件和工作群发布',
		unmet: unmetConditions('containment', { leaderSeat: 'vacant', noticesPublished: 0 })
	};
	const contain = () => p.live?.phase !== 'initiation' && emit('incident.phase_changed', containAt, { from: 'initiation', to: 'containment', override: containOverride }, { phase: 'containment' });
	if (p.live) contain();
	const onTime = 0.84 + 0.11 * progress - (level === 1 ? 0.03 : 0);
	let settled = addAt;
	for (let k = 0; k < p.count; k++) {
		const cr = new Rng(o.seed, 'customer', p.index, k);
		const reportedAt = p.live ? new Date(now.getTime() - ((p.live.agoMin - 4) * (1 - k / p.count) + 2) * MIN) : new Date(addAt.getTime() - cr.float(0, 0.4) * window);
		const createdAt = p.live ? later(reportedAt, MIN) : addAt;
		const data: CustomerInputT = {
			name: `${cr.pick([...SURNAMES])}${cr.pick([...GIVEN])}${cr.chance(0.7) ? cr.pick([...GIVEN]) : ''}`,
			phone: phone(cr),
			...(cr.chance(0.4) ? { email: `${cr.int(10000, 9999999)}@${cr.pick(['qq.com', '163.com', '126.com', 'sina.com'])}` } : {}),
			...(cr.chance(0.8) ? { orderNo: `${cr.pick(['JD', 'TB', 'DD', 'PDD'])}${cr.digits(14)}` } : {}),
			purchasedAt: new Date(p.at.getTime() - cr.int(3, 400) * DAY),
			productModel: p.model,
			symptom: `${p.symptom},${cr.pick(DETAILS[p.category])}`,
			occurredAt: new Date(reportedAt.getTime() - cr.int(1, 72) * HOUR),
			impact: cr.pick(IMPACTS),
			reportedAt,
			evidenceAuthorized: cr.chance(0.3)
		};
		const c = newCustomerRow(cipher, { id: uuid('customer', p.index, k), incidentId: id, position: k + 1, data, level: level, createdBy: lead.id, now: createdAt });
		const agent = STAFF[cr.int(0, STAFF.length - 1)];
		const contact = (at: Date, reached: boolean, attempt?: { n: number; channel: 'phone' | 'sms'; outcome: 'no_answer' | 'busy' | 'switched_off' }) =>
			out.customerContacts.push({
				id: attempt ? uuid('contact', p.index, k, false, attempt.n) : uuid('contact', p.index, k, reached),
				incidentId: id,
				customerId: c.id,
				at,
				byId: agent.id,
				byName: agent.name,
				reached,
				channel: attempt?.channel ?? 'phone',
				outcome: reached ? 'reached' : (attempt?.outcome ?? 'no_answer'),
				apologized: reached && cr.chance(0.95),
				explained: reached && cr.chance(0.9),
				needAsked: reached && cr.chance(0.85),
				need: reached ? cr.pick(p.category === 'product_quality' ? (['repair', 'replacement', 'refund'] as const) : (['refund', 'other'] as const)) : null,
				commitment: reached ? cr.pick(['48 小时内安排上门', '3 个工作日内给出处理方案', '今日内回电告知进度', '']) : '',
				commitmentDueAt: reached ? later(at, 48 * HOUR) : null,
				note: reached ? '' : '电话无人接听'
			});
		let first: Date | null;
		if (p.live) {
			const age = (now.getTime() - reportedAt.getTime()) / window;
			first = k + 1 !== p.live.overdue && (age >= 1 || (age > 0.3 && cr.chance(0.35))) ? later(reportedAt, Math.min(age, 1) * cr.float(0.3, 0.95) * window) : null;
			if (first && first < createdAt) first = later(createdAt, MIN);
		} else if (cr.chance(0.03)) {
			// three failed attempts on two channels, then the decision with its reason
			c.unreachableAt = later(createdAt, cr.float(0.3, 0.9) * window);
			const span = c.unreachableAt.getTime() - createdAt.getTime();
			contact(later(createdAt, span * 0.2), false, { n: 1, channel: 'phone', outcome: 'no_answer' });
			contact(later(createdAt, span * 0.5), false, { n: 2, channel: 'phone', outcome: 'switched_off' });
			contact(later(createdAt, span * 0.8), false, { n: 3, channel: 'sms', outcome: 'no_answer' });
			Object.assign(c, { unreachableReason: '电话关机、短信未回复', unreachableById: agent.id, unreachableByName: agent.name });
			first = cr.chance(0.5) ? later(c.unreachableAt, cr.float(6, 40) * HOUR) : null;
			if (first && first > now) first = null;
		} else {
			first = cr.chance(onTime) ? later(reportedAt, cr.float(0.2, 0.98) * window) : later(c.dueAt, cr.float(0.05, 2) * window);
			if (first < createdAt) first = later(createdAt, cr.int(1, 5) * MIN);
		}
		const decided = c.unreachableAt;
		if (first) {
			c.firstContactAt = first;
			c.firstContactOnTime = first <= c.dueAt;
			contact(first, true);
			// a reach clears the decision
			if (decided) Object.assign(c, { unreachableAt: null, unreachableReason: null, unreachableById: null, unreachableByName: null });
			if (!decided && first > settled) settled = first;
		} else if (decided && decided > settled) settled = decided;
		custs.push(c);
	}
	const pending = (at: Date) => custs.map((c) => ({ ...c, firstContactAt: null, firstContactOnTime: null, unreachableAt: null }) as typeof c).map((c) => toCustomerJson(c, at));
	for (const batch of p.live ? custs.map((c) => [c]) : [custs]) {
		const at = batch[0].createdAt;
		const full = batch.length <= 200;
		const before = custs.indexOf(batch[0]);
		emit(
			'customer.added',
			at,
			{ count: batch.length, positions: [before + 1, before + batch.length], ...(full ? { customers: pending(at).slice(before, before + batch.length) } : { truncated: true }) },
			{ affectedCustomers: before + batch.length },
			staff()
		);
	}
	out.customers.push(...custs);
	if (p.live) return void out.incidents.push(row);
	contain();

	// Cause, solution (approved, executed, quality-checked), resolution.
	const causeAt = later(containAt, rng.around(4 * HOUR * speed, 0.6));
	const cause = { rootCause: rng.pick(ROOT_CAUSES[p.category]), directCause: rng.pick(DIRECT_CAUSES[p.category]), group: CAUSE_GROUP[p.category] };
	const causeBy = staff();
	if (emit('cause.updated', causeAt, { version: 1, ...cause }, {}, causeBy)) {
		out.causeAnalyses.push({ incidentId: id, ...cause, version: 1, updatedById: causeBy.id, updatedByName: causeBy.name, updatedAt: causeAt });
	}
	const resolutionAt = later(new Date(Math.max(settled.getTime(), causeAt.getTime())), rng.int(10, 180) * MIN);
	emit('incident.phase_changed', resolutionAt, { from: 'containment', to: 'resolution' }, { phase: 'resolution' });
	const kind = rng.pick(SOLUTION_CATALOGUE[p.category]);
	const kindName = { en: kind.en, zh: kind.zh };
	const solutionId = uuid('solution', p.index);
	const proposer = staff();
	const qc = STAFF[4];
	const proposedAt = later(resolutionAt, rng.int(10, 180) * MIN);
	const decidedAt = later(proposedAt, rng.around((level === 1 ? 4 : 1.5) * HOUR * speed));
	const doneAt = later(decidedAt, rng.around({ 1: 30, 2: 18, 3: 10 }[level] * HOUR * speed, 0.6));
	const startedAt = later(decidedAt, (doneAt.getTime() - decidedAt.getTime()) / 3);
	const qcAt = later(doneAt, rng.int(1, 8) * HOUR);
	if (emit('solution.proposed', proposedAt, { solutionId, kind: kind.key, kindName, approver: approverOf(level) }, {}, proposer)) {
		const approved = emit('solution.approved', decidedAt, { solutionId, kindName, comment: '同意执行' });
		const steps = [
			{ at: startedAt, by: proposer, note: '已派专人跟进' },
			{ at: doneAt, by: proposer, note: '执行完成', done: true }
		].filter((e) => emit('solution.progress', e.at, { solutionId, note: e.note, done: !!e.done, kindName }, {}, proposer));
		const checked = emit('solution.quality_checked', qcAt, { solutionId, passed: true, note: '抽检合格', kindName }, {}, qc);
		out.solutions.push({
			id: solutionId,
			incidentId: id,
			kind: kind.key,
			description: SOLUTION_TEXT[kind.key],
			comment: approved ? '同意执行' : '',
			status: steps.length === 2 ? 'done' : steps.length ? 'in_progress' : approved ? 'approved' : 'pending_approval',
			proposedById: proposer.id,
			proposedByName: proposer.name,
			proposedAt,
			decidedById: approved ? lead.id : null,
			decidedByName: approved ? lead.name : null,
			decidedAt: approved ? decidedAt : null,
			progress: steps.map((e) => ({ ...e, at: e.at.toISOString() })),
			qcStatus: checked ? 'passed' : null,
			qcById: checked ? qc.id : null,
			qcByName: checked ? qc.name : null,
			qcAt: checked ? qcAt : null,
			qcNote: checked ? '抽检合格' : ''
		});
	}
	const resolvedAt = later(qcAt, rng.int(10, 120) * MIN);
	// The follow-up gate: every customer reached by then confirms the fix between the quality check and resolution, or
	// customer service records why not (moved away, will not sign).
	const confirmedBefore = new Set<string>();
	for (const [k, c] of custs.entries()) {
		if (!c.firstContactAt || c.firstContactAt > resolvedAt || resolvedAt > now) continue;
		const cr = new Rng(o.seed, 'confirmation', p.index, k);
		const at = later(qcAt, cr.float(0.05, 0.95) * (resolvedAt.getTime() - qcAt.getTime()));
		const agent = STAFF[cr.int(0, 3)];
		confirmedBefore.add(c.id);
		if (cr.chance(0.85)) out.confirmations.push(confirmation(cr, c.id, id, agent, at));
		else Object.assign(c, { confirmationWaivedReason: cr.pick(WAIVER_REASONS), confirmationWaivedByName: agent.name, confirmationWaivedAt: at });
	}
	const pmDue = later(resolvedAt, POSTMORTEM_WINDOW_MS[level]);
	if (!emit('incident.phase_changed', resolvedAt, { from: 'resolution', to: 'follow_up' }, { phase: 'follow_up', resolvedAt, postmortemDueAt: pmDue })) return void out.incidents.push(row);

	// Follow-up: confirmations and surveys (satisfaction improving over time), re-follow-ups for the unsatisfied.
	const satisfied = 0.83 + 0.1 * progress;
	const heldAt = later(resolvedAt, POSTMORTEM_WINDOW_MS[level] * (rng.chance(0.78 + 0.17 * progress) ? rng.float(0.2, 0.95) : rng.float(1.05, 2.5)));
	const closedAt = later(heldAt, rng.int(1, 72) * HOUR);
	let surveyed = 0;
	for (const [k, c] of custs.entries()) {
		const cr = new Rng(o.seed, 'followup', p.index, k);
		if (!c.firstContactAt) continue;
		const at = later(resolvedAt, cr.float(0.05, 0.9) * (closedAt.getTime() - resolvedAt.getTime()));
		if (at > now) continue;
		const agent = STAFF[cr.int(0, 3)];
		// customers reached only after resolution confirm during follow-up
		if (!confirmedBefore.has(c.id) && cr.chance(0.75)) out.confirmations.push(confirmation(cr, c.id, id, agent, at));
		// the closing gate reads satisfaction: the first reached customer is always surveyed, the others mostly
		if (!cr.chance(0.6) && surveyed > 0) continue;
		surveyed++;
		const good = cr.chance(satisfied);
		const rate = () =>
			good
				? cr.weighted([
						[5, 58],
						[4, 39],
						[3, 3]
					] as const)
				: cr.weighted([
						[1, 15],
						[2, 30],
						[3, 35],
						[4, 20]
					] as const);
		const ratings = { speed: rate(), result: rate(), attitude: rate() };
		const ok = isSatisfied(ratings);
		out.surveys.push({ customerId: c.id, incidentId: id, ...ratings, suggestion: cr.pick(SUGGESTIONS), satisfied: ok, byId: agent.id, byName: agent.name, at: later(at, 10 * MIN) });
		if (!ok) {
			const doneAt = later(at, cr.float(0.2, 0.9) * Math.min(3 * DAY, closedAt.getTime() - at.getTime()));
			out.followUps.push({
				id: uuid('followup', p.index, k),
				incidentId: id,
				customerId: c.id,
				ownerId: agent.id,
				ownerName: agent.name,
				dueAt: later(at, 3 * DAY),
				status: doneAt <= now ? 'done' : 'open',
				note: '回访安抚并落实补偿',
				createdAt: at,
				doneAt: doneAt <= now ? doneAt : null
			});
		}
	}

	// The 5W1H post-mortem, improvement measures, closing.
	const writer = staff();
	const pm = {
		what: `${p.at.toISOString().slice(0, 10)} ${title}:${source}发现,共 ${p.count} 位客户受影响,定为${levelName(level, 'zh')}。`,
		rootCause: cause.rootCause,
		directCause: cause.directCause,
		who: seats.map((s) => `${s.zh}:${staff().name}`).join('\n'),
		where: `${city}等地;${p.category === 'special_scenario' ? '物流与门店网络' : p.category === 'service_failure' ? `${rng.pick(REGIONS)}仓及售后服务网点` : `${p.model} 产线及售后网点`}`,
		wentWell: [rng.pick(WENT_WELL), rng.pick(WENT_WELL)].filter((v, i, a) => a.indexOf(v) === i).join(';'),
		wentBadly: rng.pick(WENT_BADLY)
	};
	const measures = Array.from({ length: rng.int(1, 2) }, () => rng.pick(IMPROVEMENTS)).filter((v, i, a) => a.indexOf(v) === i);
	if (!emit('postmortem.updated', heldAt, { version: 1, fields: ['what', 'why', 'who', 'where', 'how', 'improvementPoints'], held: true }, { postmortemHeldAt: heldAt }, writer))
		return void out.incidents.push(row);
	out.postmortems.push({
		incidentId: id,
		...pm,
		whenNotes: {},
		improvementPoints: measures.map((m) => m[1]).join(';'),
		version: 1,
		updatedById: writer.id,
		updatedByName: writer.name,
		updatedAt: heldAt
	});
	for (const [k, [type, description]] of measures.entries()) {
		const at = later(heldAt, (k + 1) * 10 * MIN);
		if (!emit('improvement.added', at, { improvementId: uuid('improvement', p.index, k), type, description }, {}, writer)) break;
		const owner = staff();
		const dueAt = later(at, rng.int(14, 60) * DAY);
		// Most are done by their due date; some run late, recent ones are still open.
		const status =
			dueAt.getTime() < now.getTime() - 30 * DAY
				? rng.chance(0.9)
					? 'done'
					: 'in_progress'
				: dueAt < now
					? rng.weighted([
							['done', 60],
							['in_progress', 25],
							['open', 15]
						] as const)
					: rng.weighted([
							['open', 50],
							['in_progress', 40],
							['done', 10]
						] as const);
		out.improvements.push({
			id: uuid('improvement', p.index, k),
			incidentId: id,
			type,
			description,
			ownerId: owner.id,
			ownerName: owner.name,
			dueAt,
			status,
			createdAt: at,
			updatedAt: status === 'open' ? at : new Date(Math.min(now.getTime(), later(at, rng.int(1, 40) * DAY).getTime()))
		});
	}
	emit('incident.phase_changed', new Date(Math.max(closedAt.getTime(), later(heldAt, 30 * MIN).getTime())), { from: 'follow_up', to: 'closed' }, { phase: 'closed', closedAt });
	out.incidents.push(row);
}

// ---------------------------------------------------------------- writing

/**
 * Inserts rows of any table in one statement per batch: one array parameter per column,
 * unnested by the database (the same technique as the customer import, on both drivers).
 */
async function insertRows(tx: DbOrTx, table: PgTable, rows: Record<string, unknown>[]): Promise<void> {
	if (rows.length === 0) return;
	const columns = Object.entries(getTableColumns(table)).filter(([key]) => rows[0][key] !== undefined);
	const text = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v));
	const cells = rows.map((r) => columns.map(([key]) => text(r[key])));
	const names = sql.join(
		columns.map(([, col]) => sql.identifier(col.name)),
		sql`, `
	);
	for (let start = 0; start < rows.length;) {
		// Batches of up to 5,000 rows or about 8 MB of parameters.
		let end = start;
		for (let size = 0; end < rows.length && end - start < 5000 && size < 8e6; end++) size += cells[end].reduce((s, c) => s + (c?.length ?? 0), 0);
		const batch = cells.slice(start, end);
		const params: SQL[] = columns.map(([, col], i) => sql`${sql.param(arrayLiteral(batch.map((r) => r[i])))}::${sql.raw(col.getSQLType())}[]`);
		await tx.execute(sql`insert into ${sql.identifier(getTableName(table))} (${names}) select * from unnest(${sql.join(params, sql`, `)})`);
		start = end;
	}
}

/** The confirmation waivers of the demo's customers (the bulk insert writes what a registration sets). */
async function writeWaivers(tx: DbOrTx, rows: Rows['customers']): Promise<void> {
	const waived = rows.filter((c) => c.confirmationWaivedAt);
	if (!waived.length) return;
	const col = (f: (c: (typeof waived)[number]) => string | null) => sql.param(arrayLiteral(waived.map(f)));
	await tx.execute(sql`
		update customers set confirmation_waived_reason = w.reason, confirmation_waived_by_name = w.by_name, confirmation_waived_at = w.at
		from unnest(${col((c) => c.id)}::text[], ${col((c) => c.confirmationWaivedReason)}::text[], ${col((c) => c.confirmationWaivedByName)}::text[],
			${col((c) => c.confirmationWaivedAt!.toISOString())}::timestamptz[]) as w(id, reason, by_name, at)
		where customers.id = w.id`);
}

/** Every table with an incident_id column, children of incidents (all cascade on delete). */
const CHILD_TABLES = (Object.values(schema) as unknown[]).filter((t): t is PgTable => is(t, PgTable) && 'incidentId' in getTableColumns(t) && t !== schema.customers);

async function deleteDemo(tx: DbOrTx): Promise<number> {
	const demo = sql`(select id from incidents where created_by = ${DEMO})`;
	// Without indexes on these foreign keys each cascaded delete would scan the table: index them for the
	// duration of the transaction, and delete children in bulk before their parents.
	const temp = [
		['customer_contacts', 'incident_id'],
		['confirmations', 'incident_id'],
		['evidence_files', 'incident_id'],
		['follow_ups', 'customer_id']
	];
	for (const [t, c] of temp) await tx.execute(sql.raw(`create index demo_reset_${t} on ${t} (${c})`));
	await tx.execute(sql`update incidents set recurrence_of = null where created_by is distinct from ${DEMO} and recurrence_of in ${demo}`);
	for (const t of CHILD_TABLES) await tx.execute(sql`delete from ${sql.identifier(getTableName(t))} where incident_id in ${demo}`);
	await tx.execute(sql`delete from customers where incident_id in ${demo}`);
	const deleted = await tx.execute(sql`delete from incidents where created_by = ${DEMO} returning code`);
	for (const [t] of temp) await tx.execute(sql.raw(`drop index demo_reset_${t}`));
	// Daily serials go back to the highest code still in use that day.
	await tx.execute(sql`
		update daily_serials d set last = coalesce((select max(substr(code, ${INCIDENT_CODE_PREFIX.length + 9})::int) from incidents
			where code like d.prefix || d.day || '%'), 0) where d.prefix = ${INCIDENT_CODE_PREFIX}`);
	await tx.execute(sql`delete from daily_serials where last = 0`);
	return rowsOf(deleted).length;
}

function rowsOf<T = Record<string, unknown>>(r: unknown): T[] {
	return (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];
}

class Progress {
	private shown = -1;
	private readonly tty = process.stderr.isTTY;
	constructor(private total: number) {}
	update(done: number, label: string): void {
		const pct = Math.floor((done / this.total) * 100);
		// On a terminal the bar redraws in place; in a log, one line per 10 %.
		if (pct === this.shown || (!this.tty && Math.floor(pct / 10) === Math.floor(this.shown / 10))) return;
		this.shown = pct;
		const bar = '#'.repeat(Math.round(pct / 5)).padEnd(20);
		process.stderr.write(`${this.tty ? '\r' : ''}[${bar}] ${String(pct).padStart(3)} % ${label} ${done.toLocaleString('en')}/${this.total.toLocaleString('en')}${this.tty ? '' : '\n'}`);
		if (this.tty && done >= this.total) process.stderr.write('\n');
	}
}

// ---------------------------------------------------------------- main

async function main() {
	const o = parseArgs(process.argv.slice(2));
	idSeed = o.seed;
	const config = loadConfig();
	const started = Date.now();
	if (!config.databaseUrl) {
		const holders = pgliteHolders(path.join(config.dataDir, 'pglite'));
		if (holders?.length) {
			fail(
				`The embedded database in ${config.dataDir} is in use${holders[0] ? ` (process ${holders.join(', ')})` : ''}: stop the server first (PGlite allows one process at a time).\n` +
					'With DATABASE_URL (PostgreSQL) the demo loader can run while the server runs.'
			);
		}
	}
	const anchor = o.now ?? new Date(Math.floor(Date.now() / HOUR) * HOUR);
	const liveNow = o.now ?? new Date();
	let database: Database | undefined;
	try {
		database = await openDatabase(config);
		const { db } = database;
		const cipher = PersonalDataCipher.load({ secret: config.secret, dataDir: config.dataDir });
		const [counts] = rowsOf<{ demo: number; real: number }>(
			await db.execute(sql`select count(*) filter (where created_by = ${DEMO})::int as demo, count(*) filter (where created_by is distinct from ${DEMO})::int as real from incidents`)
		);
		if (counts.demo > 0 && !o.reset) fail(`This database already holds demo data (${counts.demo.toLocaleString('en')} demo incidents). Run \`npm run demo -- --reset\` to replace it.`);
		if (counts.real > 0) process.stderr.write(`Note: the database also holds ${counts.real.toLocaleString('en')} incident(s) not made by the demo; they are left as they are.\n`);
		const totals = await db.transaction(async (tx) => {
			const removed = o.reset ? await deleteDemo(tx) : 0;
			if (removed) process.stderr.write(`Removed the previous demo data (${removed.toLocaleString('en')} incidents).\n`);
			const serials = new Map(rowsOf<{ day: string; last: number }>(await tx.execute(sql`select day, last from daily_serials where prefix = ${INCIDENT_CODE_PREFIX}`)).map((r) => [r.day, r.last]));
			const plans = plan(o, anchor, liveNow, config.timeZone, serials);
			const total = plans.reduce((s, p) => s + p.count, 0);
			const progress = new Progress(total);
			const sums: Record<string, number> = {};
			let done = 0;
			progress.update(0, 'customers');
			for (let i = 0; i < plans.length;) {
				const rows = emptyRows();
				for (let n = 0; i < plans.length && n < 10_000; i++) {
					buildIncident(plans[i], o, anchor, cipher, rows);
					n += plans[i].count;
				}
				for (const [key, list] of Object.entries(rows) as [keyof Rows, Record<string, unknown>[]][]) {
					if (key === 'customers') {
						await bulkInsertCustomers(tx, rows.customers);
						await writeWaivers(tx, rows.customers);
					} else await insertRows(tx, schema[key] as PgTable, list);
					sums[key] = (sums[key] ?? 0) + list.length;
				}
				sums.open = (sums.open ?? 0) + rows.incidents.filter((r) => r.phase !== 'closed').length;
				done += rows.customers.length;
				progress.update(done, 'customers');
			}
			const days = [...new Set(plans.map((p) => p.code!.slice(INCIDENT_CODE_PREFIX.length, INCIDENT_CODE_PREFIX.length + 8)))];
			await tx.execute(sql`
				insert into daily_serials (prefix, day, last) select ${INCIDENT_CODE_PREFIX}, day, last
				from unnest(${sql.param(arrayLiteral(days))}::text[], ${sql.param(arrayLiteral(days.map((d) => String(serials.get(d)))))}::int[]) as s(day, last)
				on conflict (prefix, day) do update set last = greatest(daily_serials.last, excluded.last)`);
			// the contact and survey facts metrics read from the incident rows
			progress.update(done, 'incident stats');
			await refreshIncidentStats(tx, sql`x.created_by = 'demo'`);
			return { sums: { ...sums, live: plans.filter((p) => p.live).length }, from: plans[0].at };
		});
		const n = (k: string) => ((totals.sums as Record<string, number>)[k] ?? 0).toLocaleString('en');
		const seconds = ((Date.now() - started) / 1000).toFixed(1);
		process.stdout.write(
			[
				`Demo data loaded in ${seconds} s into ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite (${config.dataDir})`}, seed ${o.seed}, from ${totals.from.toISOString().slice(0, 10)}:`,
				`  ${n('incidents')} incidents (${n('live')} live, ${n('open')} open in all, the rest closed) · ${n('customers')} affected customers · ${n('customerContacts')} contact records`,
				`  ${n('incidentEvents')} timeline events · ${n('solutions')} solutions · ${n('confirmations')} confirmations · ${n('surveys')} surveys · ${n('followUps')} re-follow-ups`,
				`  ${n('postmortems')} post-mortems · ${n('improvements')} improvement measures · ${n('responseSeats')} response seats (vacant: assign your own people)`,
				`Start the server with \`${config.databaseUrl ? 'DATABASE_URL=… ' : ''}npm start\` and open http://localhost:3000 (the dashboard shows the live incidents).`,
				`Run it again with --reset to replace the demo data; other incidents and all users are never touched.`,
				''
			].join('\n')
		);
	} finally {
		await database?.close();
	}
}

main().catch((err) => {
	process.stderr.write(err instanceof Refusal ? `${err.message}\n` : `\nThe demo data could not be loaded: ${err instanceof Error ? (err.stack ?? err.message) : err}\n`);
	process.exit(1);
});
