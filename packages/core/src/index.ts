export * from './report-model';
