export * from './accounts';
export * from './incidents';
