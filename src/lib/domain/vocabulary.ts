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
