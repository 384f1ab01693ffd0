/** `npm run start:api`: the HTTP API alone (production: several behind a load balancer). */
import { createLogger, loadConfigOrExit, startApiProcess, stopOnSignals } from '@opencma/runtime';

const config = loadConfigOrExit();
const logger = createLogger(config, 'opencma-api');
startApiProcess(config, { logger })
  .then(({ apiUrl, stop }) => {
    logger.info({ url: apiUrl }, 'api listening');
    stopOnSignals(stop);
  })
  .catch((err) => {
    logger.fatal({ err }, 'api failed to start');
    process.exit(1);
  });
