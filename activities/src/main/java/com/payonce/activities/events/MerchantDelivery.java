package com.payonce.activities.events;

import java.time.Instant;

/**
 * One event's delivery to one endpoint, as the delivery log shows it.
 *
 * @param status PENDING (being delivered or retried), DELIVERED, or FAILED (given up after the
 *     retry period; {@code /redeliver} starts it again)
 * @param lastError why the last attempt failed: the endpoint's status code, or the connection
 *     error, never the endpoint's answer body
 */
public record MerchantDelivery(
    String endpointId,
    long eventId,
    String status,
    int attempts,
    Instant lastAttemptAt,
    Integer lastResponseStatus,
    String lastError,
    Instant deliveredAt) {}
