// Who may do what (PRODUCT.md §7, with the object rules of §2 and §4), written once. Services
// enforce it, routes use its role gate, pages turn it into booleans, and the OpenAPI document
// publishes it as `x-warroom-access`, so tests/integration/security-matrix.test.ts tests the rule
// the server runs rather than a copy of it. Pure: no I/O, no session, no database.
//
// A rule has two parts:
//   - a role gate (`roles`): who may attempt the action at all. It needs no object, so a route
//     checks it before it parses anything; the published `roles` are exactly these.
//   - an object rule (`holds`), where there is one: a group, the seat holder, the incident's level.
//     A service checks it with the object in hand; its published wording is `condition`, and a
//     caller with the right role who fails it gets 403 with `refusal`'s reason.
// `can` checks both; `why` says, in both languages, what failed.
//
// Decisions, where the spec is silent or the code disagreed with itself (2026-12-01):
//   - Personal data (`read_personal_data`: reveal a customer's phone, e-mail and order number,
//     download evidence files). §7: "revealed only to customer-service members and leads". Enforced
//     as: the lead role, or the customer-service group with a role that works incidents (admin or
//     responder). A viewer stays read-only inside customer service, and the admin role alone does
//     not open personal data (admins manage users and settings, not customers). This is what the
//     services enforced; the old declaration (admin and lead by role) was unused and said otherwise.
//   - "A lead" in the object rules (lowering, approving, cause, quality check, duties, seats) is the
//     lead or the admin role, as enforced before; two rules name the lead role alone, as the spec
//     does and as enforced before: overriding a phase gate, and holding the leader seat.
//   - The contact queue of the war-room page (customers waiting for a first contact, masked) is for
//     leads and every member of customer service, viewers included: it shows no personal data.
//   - Deciding a customer unreachable (`decide_unreachable`, issue #17): "a customer-service member
//     or a lead". Enforced as: the lead or admin role (a lead on the object rules), or the
//     customer-service group with a role that works incidents; a viewer decides nothing.
//   - A wall display reads (never personal data: the routes and the realtime redaction see to that)
//     and does nothing else. A disabled account does nothing.
import type { Category, Group, Role } from './vocabulary';
import type { Level } from './levels';
import { CAUSE_GROUP, approverOf } from './resolution';

export interface Bilingual {
	en: string;
	zh: string;
}

/** A person acting: a signed-in user, or an integration token acting with its one role. */
export interface Person {
	id?: string;
	roles: readonly Role[];
	groups: readonly Group[];
	disabled?: boolean;
}
/** A wall screen (大屏): read-only. */
export interface WallDisplay {
	kind: 'display';
}
export type Actor = Person | WallDisplay | null | undefined;
export const WALL_DISPLAY: WallDisplay = { kind: 'display' };

/** Each action with the object its rule looks at (`void`: the role decides alone). */
export interface ActionContexts {
	/** Read incidents, resources, metrics. */
	read: void;
	declare: void;
	/** Work an incident: edit it, add customers and contacts, measures, solutions, surveys, the post-mortem. */
	update: void;
	/** Raise the level by hand (lowering is `lower_level` on top). */
	set_level: void;
	/** Move the incident to its next phase, closing included (overriding a gate is `override_gate` on top). */
	set_phase: void;
	lower_level: { incidentLevel: Level };
	override_gate: void;
	approve_solution: { incidentLevel: Level };
	analyse_cause: { category: Category };
	quality_check: void;
	tick_duty: { group: Group };
	/** Put someone on a seat (`userId`) or leave it empty (`userId: null`); `holderId` is who holds it now. */
	assign_seat: { holderId: string | null; userId: string | null };
	/** Be the holder of a seat: the seat's group; the leader seat also needs the lead role. */
	hold_seat: { leader: boolean; group: Group };
	acknowledge_seat: { holderId: string | null };
	/** Publish a version of the response notice; `leaderHolderId` holds the leader seat now. */
	publish_notice: { leaderHolderId: string | null };
	/** Mark a published notice as read; `holderIds` hold a seat of the incident now. */
	read_notice: { holderIds: readonly string[] };
	/** Unmasked phone, e-mail and order number; evidence files. */
	read_personal_data: void;
	/** Record why a reached customer will give no confirmation of the fix (the follow-up gate accepts the reason instead). */
	waive_confirmation: void;
	/** The war room's list of customers waiting for a first contact (masked). */
	work_contact_queue: void;
	/** Decide that a customer cannot be reached (after enough failed attempts; a reach clears it). */
	decide_unreachable: void;
	/** Close a contact's commitment with a note: its author (`authorId`) or a lead. */
	close_commitment: { authorId: string | null };
	adjust_stock: void;
	manage_resources: void;
	manage_users: void;
	create_display_token: void;
	manage_webhooks: void;
}
export type Action = keyof ActionContexts;
/** The object argument an action needs: none for role-only actions. */
export type ContextArgs<A extends Action> = ActionContexts[A] extends void ? [] : [context: ActionContexts[A]];

interface Rule<C> {
	/** What the action is, for "Your role does not allow: …". */
	name: Bilingual;
	/** The role gate. */
	roles: readonly Role[];
	/** The object rule, as published in `x-warroom-access.condition`. */
	condition?: Bilingual;
	holds?: (p: Person, c: C) => boolean;
	/** Why the object rule refused. */
	refusal?: (p: Person, c: C) => Bilingual;
	/** Why the role gate refused, where the generic sentence would say less. */
	roleRefusal?: Bilingual;
}
type Rules = { [A in Action]: Rule<ActionContexts[A]> };

const EVERYONE: readonly Role[] = ['admin', 'lead', 'responder', 'viewer'];
const WORKERS: readonly Role[] = ['admin', 'lead', 'responder'];
const LEADS: readonly Role[] = ['admin', 'lead'];
const ADMINS: readonly Role[] = ['admin'];

/** A lead on the object rules: the lead or the admin role. */
const leads = (p: Person) => p.roles.includes('lead') || p.roles.includes('admin');
const inGroup = (p: Person, g: Group) => p.groups.includes(g);
const spaced = (key: string) => key.replace(/_/g, ' ');
const PERSONAL_DATA_REFUSAL: Bilingual = { en: 'Only customer-service members and leads may see customer personal data', zh: '仅客户服务组成员和负责人可查看客户个人信息' };

const RULES: Rules = {
	read: { name: { en: 'read', zh: '查看' }, roles: EVERYONE },
	declare: { name: { en: 'declare', zh: '宣布应急事件' }, roles: LEADS },
	update: { name: { en: 'update', zh: '处理事件' }, roles: WORKERS },
	set_level: { name: { en: 'set level', zh: '调整事件等级' }, roles: LEADS },
	set_phase: { name: { en: 'set phase', zh: '推进阶段' }, roles: LEADS },
	lower_level: {
		name: { en: 'lower the level', zh: '降低事件等级' },
		roles: LEADS,
		condition: { en: 'lowering needs a lead; a level-1 incident is lowered only by a lead of the leadership group', zh: '降级需负责人；一级事件仅由领导小组的负责人降级' },
		holds: (p, c) => p.roles.includes('admin') || c.incidentLevel !== 1 || inGroup(p, 'leadership'),
		refusal: () => ({ en: 'A level-1 incident is lowered only by a lead of the leadership group', zh: '一级事件仅由应急领导小组的负责人降级' }),
		roleRefusal: { en: 'Only a lead may lower the level', zh: '仅负责人可降低事件等级' }
	},
	override_gate: {
		name: { en: 'override a phase gate', zh: '越过阶段条件' },
		roles: ['lead'],
		condition: { en: 'overriding an unmet gate needs a lead', zh: '越过未满足的阶段条件需负责人' },
		roleRefusal: { en: 'Only a lead may override a phase gate', zh: '仅负责人可越过阶段条件' }
	},
	approve_solution: {
		name: { en: 'approve solution', zh: '审批解决方案' },
		roles: LEADS,
		condition: { en: 'a level-1 solution is approved by a lead of the leadership group (or an admin)', zh: '一级事件的解决方案由领导小组的负责人（或管理员）审批' },
		holds: (p, c) => p.roles.includes('admin') || c.incidentLevel !== 1 || inGroup(p, 'leadership'),
		refusal: (_p, c) => {
			const by = approverOf(c.incidentLevel);
			return { en: `A level-${c.incidentLevel} solution is approved by ${by.en}`, zh: `${c.incidentLevel}级事件的解决方案由${by.zh}审批` };
		}
	},
	analyse_cause: {
		name: { en: 'analyse cause', zh: '分析原因' },
		roles: WORKERS,
		condition: { en: 'the group that owns the incident’s category, or a lead', zh: '事件分类对应的小组，或负责人' },
		holds: (p, c) => leads(p) || inGroup(p, CAUSE_GROUP[c.category]),
		refusal: (_p, c) => ({
			en: `The cause of a ${c.category.replace('_', ' ')} incident is analysed by the ${CAUSE_GROUP[c.category]} group (or a lead)`,
			zh: `此类事件的原因由 ${CAUSE_GROUP[c.category]} 小组（或负责人）分析`
		})
	},
	quality_check: {
		name: { en: 'quality check', zh: '质量检查' },
		roles: WORKERS,
		condition: { en: 'the quality-control group, or a lead', zh: '质量管控组，或负责人' },
		holds: (p) => leads(p) || inGroup(p, 'quality_control'),
		refusal: () => ({ en: 'The quality check is done by the quality-control group or a lead', zh: '质量检查由质量管控组或负责人完成' })
	},
	tick_duty: {
		name: { en: 'tick duty', zh: '勾选职责' },
		roles: WORKERS,
		condition: { en: 'members of the group, or a lead', zh: '该小组成员，或负责人' },
		holds: (p, c) => leads(p) || inGroup(p, c.group),
		refusal: (_p, c) => ({ en: `Only members of the ${c.group} group or a lead may tick its duties`, zh: `仅 ${c.group} 小组成员或负责人可勾选其职责` })
	},
	assign_seat: {
		name: { en: 'assign seat', zh: '安排席位' },
		roles: WORKERS,
		condition: {
			en: 'a lead fills or empties any seat; a member of the seat’s group may take a vacant seat; the holder may leave it',
			zh: '负责人可安排或清空任何席位；小组成员可认领空席位；在席者可离开'
		},
		holds: (p, c) => leads(p) || (c.userId === null ? c.holderId !== null && c.holderId === p.id : c.userId === p.id && c.holderId === null),
		refusal: (p, c) =>
			c.userId === null
				? { en: 'Only a lead or the holder may leave a seat empty', zh: '仅负责人或在席者可清空席位' }
				: c.userId === p.id
					? { en: 'This seat is already taken; ask a lead to reassign it', zh: '此席位已有人，请负责人重新安排' }
					: { en: 'Only a lead may put someone else on a seat', zh: '仅负责人可为他人安排席位' }
	},
	// A seat is held to be acknowledged: whoever may not acknowledge (a viewer) may not hold one.
	hold_seat: {
		name: { en: 'hold seat', zh: '在席' },
		roles: WORKERS,
		roleRefusal: { en: 'A read-only viewer cannot hold a seat: its holder must acknowledge it', zh: '只读用户不能在席：在席者须确认到岗' },
		condition: { en: 'a member of the seat’s group; the leader seat also needs the lead role', zh: '该席位小组的成员；牵头席位还需负责人角色' },
		holds: (p, c) => inGroup(p, c.group) && (!c.leader || p.roles.includes('lead')),
		refusal: (_p, c) =>
			c.leader
				? { en: `The seat needs a lead in the ${c.group} group`, zh: `此席位需要 ${c.group} 小组的负责人` }
				: { en: `The seat needs a member of the ${c.group} group`, zh: `此席位需要 ${c.group} 小组的成员` }
	},
	acknowledge_seat: {
		name: { en: 'acknowledge seat', zh: '确认到岗' },
		roles: WORKERS,
		condition: { en: 'the holder of the seat only', zh: '仅在席者本人' },
		holds: (p, c) => c.holderId !== null && c.holderId === p.id,
		refusal: (_p, c) => (c.holderId ? { en: 'Only the holder of this seat can acknowledge it', zh: '仅在席者本人可确认' } : { en: 'Take the seat before acknowledging it', zh: '请先认领席位再确认' })
	},
	publish_notice: {
		name: { en: 'publish the response notice', zh: '发布应急响应通知' },
		roles: WORKERS,
		condition: { en: 'a lead, or the holder of the leader seat', zh: '负责人，或牵头席位的在席者' },
		holds: (p, c) => leads(p) || (!!p.id && p.id === c.leaderHolderId),
		refusal: () => ({ en: 'Only a lead or the holder of the leader seat may publish the response notice', zh: '仅负责人或牵头席位的在席者可发布应急响应通知' })
	},
	read_notice: {
		name: { en: 'mark the response notice as read', zh: '确认已读应急响应通知' },
		roles: EVERYONE,
		condition: { en: 'a holder of one of the incident’s seats', zh: '该事件应急小组的在席者' },
		holds: (p, c) => !!p.id && c.holderIds.includes(p.id),
		refusal: () => ({ en: 'Only a holder of one of the incident’s seats marks its notice as read', zh: '仅应急小组的在席者可确认已读' })
	},
	read_personal_data: {
		name: { en: 'read personal data', zh: '查看客户个人信息' },
		roles: WORKERS,
		condition: { en: 'leads, and members of the customer-service group who are not only viewers; every reveal is audited', zh: '负责人，及非只读的客户服务组成员；每次查看均记入审计' },
		holds: (p) => p.roles.includes('lead') || inGroup(p, 'customer_service'),
		refusal: () => PERSONAL_DATA_REFUSAL,
		roleRefusal: PERSONAL_DATA_REFUSAL
	},
	waive_confirmation: {
		name: { en: 'waive a confirmation', zh: '免除客户确认' },
		roles: WORKERS,
		condition: { en: 'members of the customer-service group, or a lead', zh: '客户服务组成员，或负责人' },
		holds: (p) => leads(p) || inGroup(p, 'customer_service'),
		refusal: () => ({ en: 'Only customer-service members and leads may record why a customer gives no confirmation', zh: '仅客户服务组成员和负责人可记录客户不确认的原因' })
	},
	work_contact_queue: {
		name: { en: 'work the contact queue', zh: '处理待联系客户' },
		roles: EVERYONE,
		condition: { en: 'leads and members of the customer-service group', zh: '负责人及客户服务组成员' },
		holds: (p) => p.roles.includes('lead') || inGroup(p, 'customer_service'),
		refusal: () => ({ en: 'The contact queue is for leads and the customer-service group', zh: '待联系客户仅对负责人和客户服务组开放' })
	},
	decide_unreachable: {
		name: { en: 'decide a customer unreachable', zh: '认定客户无法联系' },
		roles: WORKERS,
		condition: { en: 'leads, and members of the customer-service group who are not only viewers', zh: '负责人，及非只读的客户服务组成员' },
		holds: (p) => leads(p) || inGroup(p, 'customer_service'),
		refusal: () => ({ en: 'Only customer-service members and leads may decide that a customer cannot be reached', zh: '仅客户服务组成员和负责人可认定客户无法联系' })
	},
	close_commitment: {
		name: { en: 'close a commitment', zh: '关闭承诺事项' },
		roles: WORKERS,
		condition: { en: 'the author of the contact that made it, or a lead', zh: '作出承诺的联系记录人，或负责人' },
		holds: (p, c) => leads(p) || (c.authorId !== null && c.authorId === p.id),
		refusal: () => ({ en: 'Only its author or a lead may close this commitment', zh: '仅承诺的记录人或负责人可关闭此承诺' })
	},
	adjust_stock: {
		name: { en: 'adjust stock', zh: '调整库存' },
		roles: LEADS,
		roleRefusal: { en: 'Only admins and leads may adjust stock', zh: '仅管理员和负责人可调整库存' }
	},
	manage_resources: { name: { en: 'manage resources', zh: '管理资源' }, roles: ADMINS },
	manage_users: { name: { en: 'manage users', zh: '管理用户' }, roles: ADMINS },
	create_display_token: { name: { en: 'create display token', zh: '创建大屏令牌' }, roles: LEADS },
	manage_webhooks: { name: { en: 'manage webhooks', zh: '管理 Webhook' }, roles: ADMINS }
};

const isDisplay = (a: Person | WallDisplay): a is WallDisplay => 'kind' in a && a.kind === 'display';

/** Why the role gate refuses the actor (both languages), or null when they may attempt the action. */
export function whyNotAttempt(actor: Actor, action: Action): Bilingual | null {
	if (!actor) return { en: 'Sign in or send a valid bearer token', zh: '请先登录' };
	if (isDisplay(actor)) return action === 'read' ? null : { en: 'Display access is read-only', zh: '大屏仅可查看' };
	if (actor.disabled) return { en: 'This account is disabled', zh: '此账号已停用' };
	const rule = RULES[action];
	if (actor.roles.some((r) => rule.roles.includes(r))) return null;
	return rule.roleRefusal ?? { en: `Your role does not allow: ${rule.name.en}`, zh: `你的角色无权${rule.name.zh}` };
}

/** The role gate alone: may this actor attempt the action at all (before the object is known)? */
export function mayAttempt(actor: Actor, action: Action): boolean {
	return whyNotAttempt(actor, action) === null;
}

/** Why the actor may not do this to this object (both languages), or null when they may. */
export function why<A extends Action>(actor: Actor, action: A, ...[context]: ContextArgs<A>): Bilingual | null {
	const refused = whyNotAttempt(actor, action);
	if (refused || !actor || isDisplay(actor)) return refused;
	const rule = RULES[action] as Rule<ActionContexts[A]>;
	if (!rule.holds || rule.holds(actor, context as ActionContexts[A])) return null;
	return rule.refusal?.(actor, context as ActionContexts[A]) ?? { en: `Not allowed: ${spaced(action)}`, zh: '无权操作' };
}

/** May this actor do this to this object? The role gate and the object rule. */
export function can<A extends Action>(actor: Actor, action: A, ...context: ContextArgs<A>): boolean {
	return why(actor, action, ...context) === null;
}

/** The roles that pass an action's role gate (integration tokens act with their one role). */
export function rolesFor(action: Action): Role[] {
	return [...RULES[action].roles];
}

/** The object rule on top of the role, as published; none for role-only actions. */
export function conditionOf(action: Action): Bilingual | undefined {
	return RULES[action].condition;
}

/** Every action, for tables and tests. */
export const ACTIONS = Object.keys(RULES) as Action[];
