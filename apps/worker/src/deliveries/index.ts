export { dispatchLeadEvent } from './dispatch';
export { deliverLeadEvent } from './deliver';
export { sweepDeliveries } from './sweep';
export { leadEventContext } from './context';
export type { DeliveryDeps } from './deps';
