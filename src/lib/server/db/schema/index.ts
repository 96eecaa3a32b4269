export * from './accounts';
export * from './incidents';
export * from './customers';
export * from './response';
export * from './resolution';
export * from './followup';
export * from './review';
export * from './webhooks';
