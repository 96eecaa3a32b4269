// The response group by level (应急小组), PRODUCT.md §2 and §7: who leads, which groups are
// convened, and each group's duties from the guide's role table. Pure.
import type { Level } from './levels';

export type ResponseGroup = 'leadership' | 'customer_service' | 'tech_support' | 'quality_control' | 'logistics' | 'pr' | 'legal';

export interface SeatSpec {
	/** `leader` or the group key. */
	seat: string;
	/** Users of this group may take the seat. */
	group: ResponseGroup;
	en: string;
	zh: string;
}

/** Groups each level convenes, in the order the guide lists them. */
export const GROUPS_BY_LEVEL: Record<Level, ResponseGroup[]> = {
	1: ['leadership', 'customer_service', 'tech_support', 'quality_control', 'logistics', 'pr', 'legal'],
	2: ['customer_service', 'tech_support', 'logistics'],
	3: ['customer_service', 'tech_support']
};

const LEADER: Record<Level, SeatSpec> = {
	1: { seat: 'leader', group: 'leadership', en: 'General manager (leader)', zh: '总经理（牵头）' },
	2: { seat: 'leader', group: 'customer_service', en: 'Customer-service director (leader)', zh: '客服总监（牵头）' },
	3: { seat: 'leader', group: 'customer_service', en: 'Customer-service manager (leader)', zh: '客服经理（负责）' }
};

export const GROUP_NAMES: Record<ResponseGroup, { en: string; zh: string }> = {
	leadership: { en: 'Emergency leadership group', zh: '应急领导小组' },
	customer_service: { en: 'Customer-service group', zh: '客户服务组' },
	tech_support: { en: 'Tech support group', zh: '技术支持组' },
	quality_control: { en: 'Quality control group', zh: '质量管控组' },
	logistics: { en: 'Logistics support group', zh: '后勤保障组' },
	pr: { en: 'PR group', zh: '公关组' },
	legal: { en: 'Legal', zh: '法务' }
};

export function leaderSeat(level: Level): SeatSpec {
	return LEADER[level];
}

/** Every seat the level requires: the leader, then one per convened group. */
export function seatsForLevel(level: Level): SeatSpec[] {
	return [LEADER[level], ...GROUPS_BY_LEVEL[level].map((g) => ({ seat: g, group: g, ...GROUP_NAMES[g] }))];
}

/**
 * What changes when the level moves from `from` to `to`: seats to add (groups the new level
 * convenes that the incident does not have yet) and whether the leader seat changes hands.
 * Seats are never removed by lowering: people already working the incident stay on it.
 */
export function seatChanges(from: Level, to: Level, existing: readonly string[]): { add: SeatSpec[]; leaderChanged: boolean } {
	const add = seatsForLevel(to).filter((s) => !existing.includes(s.seat));
	return { add, leaderChanged: to < from && (LEADER[to].group !== LEADER[from].group || LEADER[to].en !== LEADER[from].en) };
}

/** Duties per group, from the guide's role table (关键角色与职责). */
export const DUTIES: Record<ResponseGroup, { en: string; zh: string }[]> = {
	leadership: [
		{ en: 'Overall decisions (recall or not, how to answer the media)', zh: '整体决策（如是否召回产品、如何应对媒体）' },
		{ en: 'Coordinate resources across departments (PR, legal)', zh: '协调跨部门资源（如调动公关、法律部门）' },
		{ en: 'Approve the level-1 solution', zh: '审批一级事件解决方案' }
	],
	customer_service: [
		{ en: 'Communicate with customers (calm them, collect information, report progress)', zh: '客户沟通（安抚情绪、收集信息、反馈进度）' },
		{ en: 'Record the incident in the system', zh: '事件记录（录入系统）' },
		{ en: 'Track progress (coordinate tech and logistics)', zh: '跟踪处理进度（协调技术、物流部门）' },
		{ en: 'Satisfaction survey (collect customer feedback)', zh: '满意度调查（收集客户反馈）' }
	],
	tech_support: [
		{ en: 'Find the cause (product fault, system problem)', zh: '排查问题原因（产品故障、系统问题）' },
		{ en: 'Draw up the technical solution (repair, upgrade)', zh: '制定技术解决方案（维修、升级）' },
		{ en: 'Carry out the solution (on-site repair, remote help)', zh: '实施解决方案（上门维修、远程协助）' },
		{ en: 'Technical support (train customer service, update the knowledge base)', zh: '提供技术支持（培训客服人员、更新知识库）' }
	],
	quality_control: [
		{ en: 'Analyse the cause of the quality problem (batch failure, service error)', zh: '分析质量问题原因（批量故障、服务失误）' },
		{ en: 'Draw up quality improvements (production process, inspection)', zh: '制定质量改进措施（优化生产流程、加强质量检测）' },
		{ en: 'Supervise the solution (quality up to standard)', zh: '监督解决方案实施（确保质量达标）' },
		{ en: 'Prevent recurrence (preventive measures, regular checks)', zh: '预防复发（制定预防措施、定期检查）' }
	],
	logistics: [
		{ en: 'Provide backup resources (spare products, repair tools, emergency fund)', zh: '提供备用资源（备用产品、维修工具、应急资金）' },
		{ en: 'Coordinate logistics (express delivery, adjusted routes)', zh: '协调物流（加急配送、调整路线）' },
		{ en: 'Support cross-department communication (meetings, documents)', zh: '支持跨部门沟通（安排会议、提供文档）' }
	],
	pr: [
		{ en: 'Monitor public opinion (social media, press)', zh: '监测舆情（社交媒体、媒体报道）' },
		{ en: 'Draw up the PR plan (statement, answers to the media)', zh: '制定公关方案（如发布声明、回应媒体）' },
		{ en: 'Guide opinion (publish progress on the website)', zh: '引导舆论（如在官网发布事件进展）' }
	],
	legal: [
		{ en: 'Assess legal exposure (liability, compensation claims)', zh: '评估法律风险（责任、赔偿诉求）' },
		{ en: 'Check the recall and compensation plans against the law (Product Quality Law)', zh: '审核召回与补偿方案的合规性（如《产品质量法》）' }
	]
};

// The response notice (《应急响应通知》) has its own module: drafts, published versions, times in the zone.
export { responseNotice, publishedNotice, formatNoticeTime, type NoticeFacts, type NoticeContent } from './response-notice';
