import { describe, it, expect } from 'vitest';
import { ACTIONS, WALL_DISPLAY, can, conditionOf, mayAttempt, rolesFor, why, type Person } from '$lib/domain/permissions';
import type { Group, Role } from '$lib/domain/vocabulary';

const person = (roles: Role[], groups: Group[] = [], id = 'me'): Person => ({ id, roles, groups });
const admin = person(['admin']);
const lead = person(['lead']);
const responder = person(['responder']);
const viewer = person(['viewer']);
const leadershipLead = person(['lead'], ['leadership']);

describe('roles (PRODUCT.md §7: admin, lead, responder, viewer, display)', () => {
	it('an admin manages users, resources and webhooks; nobody else does', () => {
		for (const action of ['manage_users', 'manage_resources', 'manage_webhooks'] as const) {
			expect(can(admin, action), action).toBe(true);
			for (const p of [lead, responder, viewer]) expect(can(p, action), `${action} as ${p.roles}`).toBe(false);
		}
	});

	it('a lead declares, sets the level and moves the phase (closing included); a responder and a viewer do not', () => {
		for (const action of ['declare', 'set_level', 'set_phase'] as const) {
			expect(can(lead, action), action).toBe(true);
			expect(can(responder, action), action).toBe(false);
			expect(can(viewer, action), action).toBe(false);
		}
	});

	it('a responder works the incident; a viewer only reads', () => {
		expect(can(responder, 'update')).toBe(true);
		expect(can(responder, 'read')).toBe(true);
		expect(can(viewer, 'read')).toBe(true);
		expect(can(viewer, 'update')).toBe(false);
	});

	it('a viewer stays read-only inside a group: no duty, no cause, no quality check', () => {
		expect(can(person(['viewer'], ['tech_support']), 'tick_duty', { group: 'tech_support' })).toBe(false);
		expect(can(person(['viewer'], ['tech_support']), 'analyse_cause', { category: 'product_quality' })).toBe(false);
		expect(can(person(['viewer'], ['quality_control']), 'quality_check')).toBe(false);
	});

	it('a wall display reads and does nothing else, personal data least of all', () => {
		expect(can(WALL_DISPLAY, 'read')).toBe(true);
		for (const action of ACTIONS.filter((a) => a !== 'read')) expect(mayAttempt(WALL_DISPLAY, action), action).toBe(false);
		expect(why(WALL_DISPLAY, 'update')?.en).toBe('Display access is read-only');
	});

	it('nobody signed in may do anything, and a disabled account does nothing', () => {
		for (const action of ACTIONS) expect(mayAttempt(null, action), action).toBe(false);
		expect(can({ ...admin, disabled: true }, 'read')).toBe(false);
	});

	it('an account with several roles has what each of them gives', () => {
		const both = person(['viewer', 'lead']);
		expect(can(both, 'declare')).toBe(true);
		expect(can(both, 'update')).toBe(true);
	});
});

describe('personal data (§7: revealed only to customer-service members and leads, every reveal audited)', () => {
	it('a lead reveals personal data, in any group or none', () => expect(can(lead, 'read_personal_data')).toBe(true));
	it('a responder of the customer-service group reveals personal data', () => expect(can(person(['responder'], ['customer_service']), 'read_personal_data')).toBe(true));
	it('a responder outside customer service does not', () => expect(can(person(['responder'], ['tech_support']), 'read_personal_data')).toBe(false));
	it('a viewer does not, even in the customer-service group', () => expect(can(person(['viewer'], ['customer_service']), 'read_personal_data')).toBe(false));
	it('the admin role alone does not open personal data; an admin in customer service does', () => {
		expect(can(admin, 'read_personal_data')).toBe(false);
		expect(can(person(['admin'], ['customer_service']), 'read_personal_data')).toBe(true);
	});
	it('the contact queue (masked) is for leads and every member of customer service, viewers included', () => {
		expect(can(lead, 'work_contact_queue')).toBe(true);
		expect(can(person(['viewer'], ['customer_service']), 'work_contact_queue')).toBe(true);
		expect(can(person(['responder'], ['logistics']), 'work_contact_queue')).toBe(false);
	});
	it('customer service and leads decide a customer unreachable; a viewer or another group does not', () => {
		expect(can(lead, 'decide_unreachable')).toBe(true);
		expect(can(person(['lead'], ['leadership']), 'decide_unreachable')).toBe(true);
		expect(can(person(['responder'], ['customer_service']), 'decide_unreachable')).toBe(true);
		expect(can(person(['responder'], ['tech_support']), 'decide_unreachable')).toBe(false);
		expect(can(person(['viewer'], ['customer_service']), 'decide_unreachable')).toBe(false);
		expect(why(person(['responder'], ['logistics']), 'decide_unreachable')?.zh).toBe('仅客户服务组成员和负责人可认定客户无法联系');
	});
	it('a refused reveal says who may', () => expect(why(responder, 'read_personal_data')?.en).toMatch(/customer-service members and leads/));
});

describe('levels (§2: lowering needs a lead of the current level or above)', () => {
	it('a lead raises the level; a responder does not', () => {
		expect(can(lead, 'set_level')).toBe(true);
		expect(can(responder, 'set_level')).toBe(false);
	});
	it('any lead lowers a level-2 or level-3 incident', () => {
		expect(can(lead, 'lower_level', { incidentLevel: 2 })).toBe(true);
		expect(can(lead, 'lower_level', { incidentLevel: 3 })).toBe(true);
	});
	it('only the leadership group lowers a level-1 incident', () => {
		expect(can(lead, 'lower_level', { incidentLevel: 1 })).toBe(false);
		expect(why(lead, 'lower_level', { incidentLevel: 1 })?.en).toMatch(/leadership/);
		expect(can(leadershipLead, 'lower_level', { incidentLevel: 1 })).toBe(true);
		expect(can(admin, 'lower_level', { incidentLevel: 1 })).toBe(true);
	});
	it('a responder of the leadership group does not lower a level', () => {
		expect(can(person(['responder'], ['leadership']), 'lower_level', { incidentLevel: 2 })).toBe(false);
		expect(why(responder, 'lower_level', { incidentLevel: 2 })?.en).toBe('Only a lead may lower the level');
	});
});

describe('phases (§4: leads may override a gate with a recorded reason)', () => {
	it('a lead overrides a phase gate', () => expect(can(lead, 'override_gate')).toBe(true));
	it('an admin who is not a lead does not override a gate', () => expect(can(admin, 'override_gate')).toBe(false));
	it('a responder does not override a gate', () => expect(why(responder, 'override_gate')?.en).toBe('Only a lead may override a phase gate'));
});

describe('resolution (§4: cause by the owning group, approval by level, quality check by quality control)', () => {
	it('tech support analyses the cause of a product-quality incident', () => {
		expect(can(person(['responder'], ['tech_support']), 'analyse_cause', { category: 'product_quality' })).toBe(true);
		expect(can(person(['responder'], ['quality_control']), 'analyse_cause', { category: 'product_quality' })).toBe(false);
	});
	it('quality control analyses a service failure, logistics a special scenario', () => {
		expect(can(person(['responder'], ['quality_control']), 'analyse_cause', { category: 'service_failure' })).toBe(true);
		expect(can(person(['responder'], ['logistics']), 'analyse_cause', { category: 'special_scenario' })).toBe(true);
		expect(why(person(['responder'], ['tech_support']), 'analyse_cause', { category: 'special_scenario' })?.en).toMatch(/logistics group/);
	});
	it('a lead (or admin) analyses any cause', () => {
		expect(can(lead, 'analyse_cause', { category: 'service_failure' })).toBe(true);
		expect(can(admin, 'analyse_cause', { category: 'special_scenario' })).toBe(true);
	});
	it('a level-1 solution is approved only by the leadership group (or an admin)', () => {
		expect(can(lead, 'approve_solution', { incidentLevel: 1 })).toBe(false);
		expect(why(lead, 'approve_solution', { incidentLevel: 1 })?.en).toBe('A level-1 solution is approved by the emergency leadership group');
		expect(can(leadershipLead, 'approve_solution', { incidentLevel: 1 })).toBe(true);
		expect(can(admin, 'approve_solution', { incidentLevel: 1 })).toBe(true);
	});
	it('a level-2 or level-3 solution is approved by a department head (any lead)', () => {
		expect(can(lead, 'approve_solution', { incidentLevel: 2 })).toBe(true);
		expect(can(lead, 'approve_solution', { incidentLevel: 3 })).toBe(true);
	});
	it('a responder approves no solution, not even in the leadership group', () => {
		expect(can(person(['responder'], ['leadership']), 'approve_solution', { incidentLevel: 3 })).toBe(false);
	});
	it('a responder outside quality control cannot record a quality check', () => {
		expect(can(person(['responder'], ['tech_support']), 'quality_check')).toBe(false);
		expect(can(person(['responder'], ['quality_control']), 'quality_check')).toBe(true);
		expect(can(lead, 'quality_check')).toBe(true);
	});
});

describe('the response group (§7: each group’s duty list is its members’ checklist)', () => {
	it('a member of a group ticks its duties; a member of another group does not', () => {
		expect(can(person(['responder'], ['logistics']), 'tick_duty', { group: 'logistics' })).toBe(true);
		expect(can(person(['responder'], ['logistics']), 'tick_duty', { group: 'pr' })).toBe(false);
		expect(why(person(['responder'], ['logistics']), 'tick_duty', { group: 'pr' })?.en).toBe('Only members of the pr group or a lead may tick its duties');
	});
	it('a lead ticks the duties of any group', () => expect(can(lead, 'tick_duty', { group: 'pr' })).toBe(true));
	it('a member of the seat’s group holds a seat; the leader seat also needs the lead role', () => {
		expect(can(person(['responder'], ['customer_service']), 'hold_seat', { leader: false, group: 'customer_service' })).toBe(true);
		expect(can(person(['responder'], ['tech_support']), 'hold_seat', { leader: false, group: 'customer_service' })).toBe(false);
		expect(can(person(['responder'], ['customer_service']), 'hold_seat', { leader: true, group: 'customer_service' })).toBe(false);
		expect(can(person(['lead'], ['customer_service']), 'hold_seat', { leader: true, group: 'customer_service' })).toBe(true);
		expect(can(person(['admin'], ['leadership']), 'hold_seat', { leader: true, group: 'leadership' })).toBe(false);
	});
	it('who may not acknowledge a seat may not hold it: a viewer of the group, a disabled account', () => {
		expect(can(person(['viewer'], ['customer_service']), 'hold_seat', { leader: false, group: 'customer_service' })).toBe(false);
		expect(why(person(['viewer'], ['customer_service']), 'hold_seat', { leader: false, group: 'customer_service' })?.en).toMatch(/viewer/);
		expect(can({ ...person(['responder'], ['customer_service']), disabled: true }, 'hold_seat', { leader: false, group: 'customer_service' })).toBe(false);
		expect(rolesFor('hold_seat')).toEqual(rolesFor('acknowledge_seat'));
	});
	it('a responder takes a vacant seat, but not one somebody holds', () => {
		expect(can(responder, 'assign_seat', { holderId: null, userId: 'me' })).toBe(true);
		expect(why(responder, 'assign_seat', { holderId: 'someone', userId: 'me' })?.en).toBe('This seat is already taken; ask a lead to reassign it');
	});
	it('only a lead puts someone else on a seat', () => {
		expect(why(responder, 'assign_seat', { holderId: null, userId: 'other' })?.en).toBe('Only a lead may put someone else on a seat');
		expect(can(lead, 'assign_seat', { holderId: 'someone', userId: 'other' })).toBe(true);
	});
	it('the holder or a lead leaves a seat empty', () => {
		expect(can(responder, 'assign_seat', { holderId: 'me', userId: null })).toBe(true);
		expect(can(responder, 'assign_seat', { holderId: 'other', userId: null })).toBe(false);
		expect(can(lead, 'assign_seat', { holderId: 'other', userId: null })).toBe(true);
	});
	it('only the holder acknowledges a seat, a lead included', () => {
		expect(can(responder, 'acknowledge_seat', { holderId: 'me' })).toBe(true);
		expect(why(lead, 'acknowledge_seat', { holderId: 'other' })?.en).toBe('Only the holder of this seat can acknowledge it');
		expect(why(responder, 'acknowledge_seat', { holderId: null })?.en).toBe('Take the seat before acknowledging it');
	});
});

describe('resources (§8) and display links (§7)', () => {
	it('admins and leads adjust stock; a responder does not', () => {
		expect(can(admin, 'adjust_stock')).toBe(true);
		expect(can(lead, 'adjust_stock')).toBe(true);
		expect(why(responder, 'adjust_stock')?.en).toBe('Only admins and leads may adjust stock');
	});
	it('an admin or a lead creates a wall-display link; a responder does not', () => {
		expect(can(lead, 'create_display_token')).toBe(true);
		expect(can(responder, 'create_display_token')).toBe(false);
	});
});

describe('what is published (x-warroom-access is derived from these rules)', () => {
	it('the published roles are exactly the roles whose holders pass the role gate', () => {
		for (const action of ACTIONS) {
			const passing = (['admin', 'lead', 'responder', 'viewer'] as const).filter((r) => mayAttempt(person([r]), action));
			expect(rolesFor(action), action).toEqual(passing);
		}
	});
	it('every action with an object rule publishes its condition', () => {
		for (const action of ['lower_level', 'approve_solution', 'analyse_cause', 'quality_check', 'tick_duty', 'assign_seat', 'acknowledge_seat', 'read_personal_data'] as const) {
			expect(conditionOf(action)?.en, action).toBeTruthy();
			expect(conditionOf(action)?.zh, action).toBeTruthy();
		}
	});
	it('a refusal by role says so, in both languages', () => {
		expect(why(viewer, 'declare')).toEqual({ en: 'Your role does not allow: declare', zh: '你的角色无权宣布应急事件' });
	});
});
