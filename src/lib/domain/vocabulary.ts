// The product's vocabulary (PRODUCT.md §1, §2, §7): the words every layer speaks. The API schemas,
// the database and the UI read them from here; nothing here depends on them.

export const ROLES = ['admin', 'lead', 'responder', 'viewer'] as const;
export const GROUPS = ['customer_service', 'tech_support', 'quality_control', 'logistics', 'pr', 'leadership', 'legal'] as const;
export const CATEGORIES = ['product_quality', 'service_failure', 'special_scenario'] as const;
export const PHASES = ['initiation', 'containment', 'resolution', 'follow_up', 'closed'] as const;
export const PROPERTY_LOSS = ['none', 'minor', 'significant', 'serious'] as const;

export type Role = (typeof ROLES)[number];
export type Group = (typeof GROUPS)[number];
export type Category = (typeof CATEGORIES)[number];
export type Phase = (typeof PHASES)[number];

// Affected customers (§3, §4): where a contact deadline stands, and what a reached customer asked for.
export const CONTACT_STATUSES = ['pending', 'due_soon', 'overdue', 'met', 'met_late', 'unreachable'] as const;
export const NEEDS = ['repair', 'replacement', 'refund', 'other'] as const;
/** How a contact attempt was made, and what came of it (`reached`, or why not). */
export const CONTACT_CHANNELS = ['phone', 'sms', 'app', 'in_person', 'other'] as const;
export const CONTACT_OUTCOMES = ['reached', 'no_answer', 'busy', 'switched_off', 'wrong_number', 'refused', 'other'] as const;
/** How the customer authorised keeping their photos, videos and chat records as evidence. */
export const AUTHORIZATION_CHANNELS = ['phone', 'app', 'written', 'in_person', 'other'] as const;

// The response group (应急小组): the state of one seat.
export const SEAT_STATUSES = ['vacant', 'assigned', 'acknowledged'] as const;

// Resolution (问题解决): a solution from proposal to done.
export const SOLUTION_STATUSES = ['pending_approval', 'approved', 'rejected', 'in_progress', 'done'] as const;

// Follow-up (后续跟进): the resolution confirmation (问题解决确认单) and re-follow-up tasks.
export const CONFIRMATION_RESULTS = ['satisfied', 'neutral', 'unsatisfied'] as const;
export const CONFIRMATION_METHODS = ['signature', 'app', 'phone'] as const;
export const FOLLOW_UP_STATUSES = ['open', 'done'] as const;

// Review (复盘): the 5W1H fields of a post-mortem and the improvement measures it leads to.
export const POSTMORTEM_FIELDS = ['what', 'why', 'who', 'when', 'where', 'how', 'improvementPoints'] as const;
export const IMPROVEMENT_TYPES = ['process', 'product', 'training', 'resources'] as const;
export const IMPROVEMENT_STATUSES = ['open', 'in_progress', 'done'] as const;

/** The seven archive documents of a closed incident (§6), in this order. */
export const ARCHIVE_KINDS = ['level_determination', 'customer_list', 'cause_analysis', 'solution_approval', 'confirmations', 'postmortem', 'improvements'] as const;

// Tools and resources (工具与资源, §8).
export const RESOURCE_KINDS = ['spare_product', 'repair_tool', 'emergency_fund'] as const;
export const CONTACT_KINDS = ['department', 'supplier', 'third_party'] as const;

/** The periods metrics are bucketed by (§9). */
export const GRANULARITIES = ['month', 'quarter'] as const;

export type NeedKind = (typeof NEEDS)[number];
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];
export type AuthorizationChannel = (typeof AUTHORIZATION_CHANNELS)[number];
export type SeatStatus = (typeof SEAT_STATUSES)[number];
export type SolutionStatus = (typeof SOLUTION_STATUSES)[number];
export type ConfirmationResult = (typeof CONFIRMATION_RESULTS)[number];
export type ConfirmationMethod = (typeof CONFIRMATION_METHODS)[number];
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];
export type PostmortemField = (typeof POSTMORTEM_FIELDS)[number];
export type ImprovementType = (typeof IMPROVEMENT_TYPES)[number];
export type ImprovementStatus = (typeof IMPROVEMENT_STATUSES)[number];
export type ArchiveKind = (typeof ARCHIVE_KINDS)[number];
export type ResourceKind = (typeof RESOURCE_KINDS)[number];
export type ContactKind = (typeof CONTACT_KINDS)[number];
export type Granularity = (typeof GRANULARITIES)[number];
