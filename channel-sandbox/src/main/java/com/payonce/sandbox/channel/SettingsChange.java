package com.payonce.sandbox.channel;

/**
 * The body of {@code PUT /settings}, and the optional {@code
 * payonce.sandbox.channels.<name>.settings.*} configuration: every field optional, null meaning
 * "leave as it is".
 *
 * @see ChannelSettings
 */
public record SettingsChange(
    Boolean closeHonored,
    Double closeRefusedRate,
    Double closeTimeoutRate,
    Double createErrorRate,
    Long createLatencyMs,
    Double createTimeoutAfterCommitRate,
    Long queryLagMs,
    Double amountTamperRate,
    Boolean refundAsync,
    Long refundDelayMs,
    Double refundFailureRate,
    Double refundThrottleRate,
    Integer webhookDuplicates,
    Long webhookDelayMinMs,
    Long webhookDelayMaxMs,
    Double webhookDropRate,
    Boolean webhookReorder,
    Long timeoutMs,
    Long seed,
    Integer feeBasisPoints,
    Boolean sameDayStatements,
    Long statementFillerLines) {

  public static final SettingsChange NONE =
      new SettingsChange(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
          null, null, null, null, null, null, null);
}
