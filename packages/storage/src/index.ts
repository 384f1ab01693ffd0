export * from './types';
export { assertSafeKey, isSafeKey, MAX_KEY_LENGTH } from './keys';
export { createLocalStorage, type LocalStorageOptions } from './local';
export { createS3Storage, type S3StorageOptions } from './s3';
