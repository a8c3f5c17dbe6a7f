import { Logger } from '@aws-lambda-powertools/logger';

/** The one structured JSON logger; messages are stable strings, details go in the context object, secrets never. */
export const logger = new Logger({ serviceName: 'aws-account-watch' });
