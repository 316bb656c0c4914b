export { announceEvents, appendEvent, encodeEvent, EVENT_CURSOR, inlineEvent, type InlineEvent, type NewEvent } from './append-event';
export { defineEventKind, type EventKind, type EventKindDefinition, type JsonObject, type JsonValue } from './event-kind';
export { EventHub, type EventHubOptions, type SessionEndedListener } from './event-hub';
export { CreateEvents1763800050000 } from './1763800050000-create-events';
export { EventsWithoutCityLock1763801000000 } from './1763801000000-events-without-city-lock';
