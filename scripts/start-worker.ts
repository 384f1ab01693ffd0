/** `npm run start:worker`: the queue worker alone (production: as many as the load needs). */
import { createLogger, loadConfigOrExit, startWorkerProcess, stopOnSignals } from '@opencma/runtime';

const config = loadConfigOrExit();
const logger = createLogger(config, 'opencma-worker');
startWorkerProcess(config, { logger })
  .then(({ url, stop }) => {
    logger.info({ url }, 'worker running (health and metrics at this URL)');
    stopOnSignals(stop);
  })
  .catch((err) => {
    logger.fatal({ err }, 'worker failed to start');
    process.exit(1);
  });
