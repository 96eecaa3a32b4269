import { describe, it, expect } from 'vitest';
import { seatsForLevel, seatChanges, leaderSeat, DUTIES, GROUPS_BY_LEVEL, responseNotice } from '$lib/domain/response';
import { MEASURE_CATALOGUE, measureKind } from '$lib/domain/measures';

describe('response group by level (应急小组)', () => {
	it('level 3 is led by the customer-service manager with customer service and tech support', () => {
		expect(leaderSeat(3)).toMatchObject({ group: 'customer_service', zh: '客服经理（负责）' });
		expect(seatsForLevel(3).map((s) => s.seat)).toEqual(['leader', 'customer_service', 'tech_support']);
	});
	it('level 2 is led by the customer-service director and adds logistics support', () => {
		expect(leaderSeat(2).zh).toBe('客服总监（牵头）');
		expect(GROUPS_BY_LEVEL[2]).toEqual(['customer_service', 'tech_support', 'logistics']);
	});
	it('level 1 is led by the general manager and convenes leadership, QC, PR and legal too', () => {
		expect(leaderSeat(1)).toMatchObject({ group: 'leadership', zh: '总经理（牵头）' });
		expect(GROUPS_BY_LEVEL[1]).toEqual(expect.arrayContaining(['leadership', 'quality_control', 'pr', 'legal', 'logistics']));
	});
	it('escalation 3 → 2 adds logistics and hands the leader seat to the director', () => {
		expect(seatChanges(3, 2, ['leader', 'customer_service', 'tech_support'])).toEqual({ add: [expect.objectContaining({ seat: 'logistics' })], leaderChanged: true });
	});
	it('escalation 2 → 1 adds leadership, quality control, PR and legal', () => {
		const { add, leaderChanged } = seatChanges(2, 1, ['leader', 'customer_service', 'tech_support', 'logistics']);
		expect(add.map((s) => s.seat)).toEqual(['leadership', 'quality_control', 'pr', 'legal']);
		expect(leaderChanged).toBe(true);
	});
	it('lowering removes no seat and keeps the leader', () => {
		expect(
			seatChanges(
				1,
				3,
				seatsForLevel(1).map((s) => s.seat)
			)
		).toEqual({ add: [], leaderChanged: false });
	});
	it('every convened group has a duty checklist from the role table', () => {
		for (const g of GROUPS_BY_LEVEL[1]) expect(DUTIES[g].length).toBeGreaterThan(0);
		expect(DUTIES.customer_service.map((d) => d.zh)).toEqual([
			expect.stringContaining('客户沟通'),
			expect.stringContaining('事件记录'),
			expect.stringContaining('跟踪处理进度'),
			expect.stringContaining('满意度调查')
		]);
	});
	it('the response notice names the code, level, deadline and each seat, vacant ones too', () => {
		const n = responseNotice({
			timeZone: 'Asia/Shanghai',
			code: 'YJ202611250001',
			title: '电池鼓包',
			category: { en: 'product quality', zh: '产品质量类' },
			level: 2,
			levelName: { en: 'Level 2 (serious)', zh: '二级（较大）' },
			levelReason: { en: '12 affected customers', zh: '受影响客户 12 人' },
			identifiedAt: '2026-11-25T02:00:00.000Z',
			contactWindowMinutes: 60,
			seats: [
				{ seat: 'leader', group: 'customer_service', en: 'Customer-service director (leader)', zh: '客服总监（牵头）', holder: '李总监' },
				{ seat: 'logistics', group: 'logistics', en: 'Logistics support group', zh: '后勤保障组', holder: null }
			]
		});
		expect(n.zh).toContain('YJ202611250001');
		expect(n.zh).toContain('1 小时');
		expect(n.zh).toContain('客服总监（牵头）：李总监');
		expect(n.en).toContain('Logistics support group: (vacant)');
	});
});

describe('temporary measure catalogue (临时措施)', () => {
	it('product quality offers spare product, on-site repair and provisional refund', () => {
		expect(MEASURE_CATALOGUE.product_quality.map((k) => k.key)).toEqual(['spare_product', 'onsite_repair', 'provisional_refund']);
	});
	it('a measure of another category is refused; "other" is always allowed', () => {
		expect(measureKind('service_failure', 'spare_product')).toBeNull();
		expect(measureKind('special_scenario', 'other')?.key).toBe('other');
		expect(measureKind('service_failure', 'apology_compensation')?.uses).toBe('emergency_fund');
	});
});

import { sniffContentType, sanitizeFileName } from '$lib/domain/evidence';

describe('evidence files (证据材料) are recognised by content', () => {
	it('JPEG, PNG and PDF by their first bytes', () => {
		expect(sniffContentType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
		expect(sniffContentType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
		expect(sniffContentType(new TextEncoder().encode('%PDF-1.7'))).toBe('application/pdf');
	});
	it('text renamed .jpg, a GIF or a truncated PNG header are refused', () => {
		expect(sniffContentType(new TextEncoder().encode('hello.jpg'))).toBeNull();
		expect(sniffContentType(new TextEncoder().encode('GIF89a'))).toBeNull();
		expect(sniffContentType(Uint8Array.from([0x89, 0x50, 0x4e]))).toBeNull();
	});
	it('file names lose their path and control characters', () => {
		expect(sanitizeFileName('../../etc/照片\u0000.png')).toBe('照片.png');
		expect(sanitizeFileName('C:\\Users\\a\\"x".pdf')).toBe('x.pdf');
		expect(sanitizeFileName(undefined)).toBe('');
	});
});
