package com.payonce.workflows.events;

/**
 * What one delivery workflow delivers: one endpoint's events of one order.
 *
 * @param retryForMillis how long one event is retried before it is given up (FAILED, replayable
 *     through the API); fixed at start, so a run's timeouts never change under it
 * @param firstRetryMillis the first pause after a failed POST; each next one is twice as long
 */
public record MerchantDeliveryRun(
    String endpointId, String orderId, long retryForMillis, long firstRetryMillis) {}
