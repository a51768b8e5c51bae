/**
 * The event types, from the Worker's own list (a leaf module: a few hundred bytes in the
 * bundle), so a type the Worker adds shows up in the pickers without a second list to keep.
 */
export { EVENT_TYPES } from '../../../worker/domain/event-types';
