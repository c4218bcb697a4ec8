export * from './hubble';
export * from './attribute';
export * from './unused';
export * from './findings';
