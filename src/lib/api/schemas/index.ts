// Request and response shapes shared by routes, the browser client and tests: zod at every boundary,
// one module per context. Each response shape is one zod schema; its `*Json` type is derived from it
// and src/lib/server/openapi.ts documents it, so the type and the contract cannot drift apart.
// The product's vocabulary lives in the domain (src/lib/domain/vocabulary.ts) and is re-exported here.
export * from '$lib/domain/vocabulary';
export { INT4_MAX, FieldError, UserRef, listOf, pageOf, pageQuery, type Page, type PageWindow, type ApiErrorBody, type FieldErrorJson, type UserRefJson } from './common';
export * from './accounts';
export * from './display';
export * from './incidents';
export * from './customers';
export * from './response';
export * from './measures';
export * from './resources';
export * from './resolution';
export * from './followup';
export * from './review';
export * from './archive';
export * from './metrics';
export * from './integrations';
export * from './webhooks';
