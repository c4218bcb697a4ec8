export * from './hubble';
export * from './attribute';
export * from './aggregate';
export * from './unused';
export * from './findings';
