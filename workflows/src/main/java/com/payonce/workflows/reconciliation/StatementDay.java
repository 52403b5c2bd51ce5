package com.payonce.workflows.reconciliation;

/**
 * One channel's statement of one day.
 *
 * @param billDate {@code yyyy-MM-dd}, a day in the channel's own time zone (China time for Alipay
 *     and WeChat Pay)
 */
public record StatementDay(String channel, String billDate) {}
