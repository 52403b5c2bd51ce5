package com.payonce.api.events;

import java.util.List;

/**
 * A page of the event log, oldest first.
 *
 * @param hasMore more events follow: ask again with {@code after} = the last event's id
 */
record EventsPage(List<EventResponse> events, boolean hasMore) {}
