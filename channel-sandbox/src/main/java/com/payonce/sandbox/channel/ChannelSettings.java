package com.payonce.sandbox.channel;

/**
 * The faults a channel is told to simulate, as set through {@code /settings} (or configured under
 * {@code payonce.sandbox.channels.<name>.settings.*}). Rates are probabilities in [0, 1]; durations
 * are milliseconds. Every random decision is drawn from the channel's one random source, seeded
 * with {@link #seed}, so a run can be replayed.
 *
 * <p>To add a fault: add a component here with its default in {@link #DEFAULTS} and a check in the
 * constructor, the same component (boxed, nullable) in {@link SettingsChange}, and one line in
 * {@link #with}.
 *
 * @param closeHonored false: close answers CLOSED but the order stays payable
 * @param closeRefusedRate close answers 409 USER_PAYING and does not close
 * @param closeTimeoutRate close does its work, then holds its answer for {@link #timeoutMs}
 * @param createErrorRate create answers 503 SYSTEM_ERROR and creates nothing
 * @param createLatencyMs create waits this long before doing anything
 * @param createTimeoutAfterCommitRate create creates, then holds its answer for {@link #timeoutMs}
 * @param queryLagMs for this long after a payment, query still reports WAIT_PAY
 * @param amountTamperRate a payment captures one minor unit less (more, for a one-unit amount)
 * @param refundAsync refunds answer PROCESSING and succeed {@link #refundDelayMs} later
 * @param refundDelayMs how long an asynchronous refund takes
 * @param refundFailureRate refund answers 500 SYSTEM_ERROR and refunds nothing
 * @param refundThrottleRate refund answers 429 TOO_MANY_REQUESTS and refunds nothing
 * @param webhookDuplicates extra copies sent of every webhook event (same eventId, same body)
 * @param webhookDelayMinMs least delay before each delivery (each copy)
 * @param webhookDelayMaxMs greatest delay before each delivery (each copy)
 * @param webhookDropRate an event is never delivered (no attempt, no retry)
 * @param webhookReorder an order's event is held back until its next event overtakes it
 * @param timeoutMs how long the timeout faults hold an answer
 * @param seed seeds the channel's random source; every settings change reseeds it
 * @param feeBasisPoints the PSP's fee on a capture, in hundredths of a percent (60 = 0.60%),
 *     rounded half up to the minor unit; a refund gives back its proportional share
 * @param sameDayStatements false: a day's statement exists only from the PSP's documented time the
 *     next morning (China time); true: today's statement so far can be downloaded too
 * @param statementFillerLines synthetic captures appended to every statement, for the benchmark
 *     (see {@link BillFiller})
 */
public record ChannelSettings(
    boolean closeHonored,
    double closeRefusedRate,
    double closeTimeoutRate,
    double createErrorRate,
    long createLatencyMs,
    double createTimeoutAfterCommitRate,
    long queryLagMs,
    double amountTamperRate,
    boolean refundAsync,
    long refundDelayMs,
    double refundFailureRate,
    double refundThrottleRate,
    int webhookDuplicates,
    long webhookDelayMinMs,
    long webhookDelayMaxMs,
    double webhookDropRate,
    boolean webhookReorder,
    long timeoutMs,
    long seed,
    int feeBasisPoints,
    boolean sameDayStatements,
    long statementFillerLines) {

  public static final long DEFAULT_SEED = 20261126L;

  /** Longest a simulated delay may be: a fault must not hold a server thread for ever. */
  public static final long MAX_MS = 3_600_000L;

  /** Most extra copies of one webhook event. */
  public static final int MAX_DUPLICATES = 100;

  /** A fee of more than the whole amount makes no sense. */
  public static final int MAX_FEE_BASIS_POINTS = 10_000;

  /** Ten million filler lines: well past the benchmark's million, still a bounded download. */
  public static final long MAX_FILLER_LINES = 10_000_000L;

  public static final ChannelSettings DEFAULTS =
      new ChannelSettings(
          true,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          false,
          1000,
          0,
          0,
          0,
          0,
          0,
          0,
          false,
          30_000,
          DEFAULT_SEED,
          60,
          false,
          0);

  public ChannelSettings {
    rate("closeRefusedRate", closeRefusedRate);
    rate("closeTimeoutRate", closeTimeoutRate);
    rate("createErrorRate", createErrorRate);
    millis("createLatencyMs", createLatencyMs);
    rate("createTimeoutAfterCommitRate", createTimeoutAfterCommitRate);
    millis("queryLagMs", queryLagMs);
    rate("amountTamperRate", amountTamperRate);
    millis("refundDelayMs", refundDelayMs);
    rate("refundFailureRate", refundFailureRate);
    rate("refundThrottleRate", refundThrottleRate);
    if (webhookDuplicates < 0 || webhookDuplicates > MAX_DUPLICATES) {
      throw SandboxException.invalid(
          "webhookDuplicates must be between 0 and "
              + MAX_DUPLICATES
              + ", not "
              + webhookDuplicates);
    }
    millis("webhookDelayMinMs", webhookDelayMinMs);
    millis("webhookDelayMaxMs", webhookDelayMaxMs);
    if (webhookDelayMinMs > webhookDelayMaxMs) {
      throw SandboxException.invalid(
          "webhookDelayMinMs ("
              + webhookDelayMinMs
              + ") must not exceed webhookDelayMaxMs ("
              + webhookDelayMaxMs
              + "); set both in one change");
    }
    rate("webhookDropRate", webhookDropRate);
    millis("timeoutMs", timeoutMs);
    if (feeBasisPoints < 0 || feeBasisPoints > MAX_FEE_BASIS_POINTS) {
      throw SandboxException.invalid(
          "feeBasisPoints must be between 0 and "
              + MAX_FEE_BASIS_POINTS
              + ", not "
              + feeBasisPoints);
    }
    if (statementFillerLines < 0 || statementFillerLines > MAX_FILLER_LINES) {
      throw SandboxException.invalid(
          "statementFillerLines must be between 0 and "
              + MAX_FILLER_LINES
              + ", not "
              + statementFillerLines);
    }
  }

  /** These settings with whatever the change sets; what it leaves null stays as it is. */
  public ChannelSettings with(SettingsChange change) {
    return new ChannelSettings(
        pick(change.closeHonored(), closeHonored),
        pick(change.closeRefusedRate(), closeRefusedRate),
        pick(change.closeTimeoutRate(), closeTimeoutRate),
        pick(change.createErrorRate(), createErrorRate),
        pick(change.createLatencyMs(), createLatencyMs),
        pick(change.createTimeoutAfterCommitRate(), createTimeoutAfterCommitRate),
        pick(change.queryLagMs(), queryLagMs),
        pick(change.amountTamperRate(), amountTamperRate),
        pick(change.refundAsync(), refundAsync),
        pick(change.refundDelayMs(), refundDelayMs),
        pick(change.refundFailureRate(), refundFailureRate),
        pick(change.refundThrottleRate(), refundThrottleRate),
        pick(change.webhookDuplicates(), webhookDuplicates),
        pick(change.webhookDelayMinMs(), webhookDelayMinMs),
        pick(change.webhookDelayMaxMs(), webhookDelayMaxMs),
        pick(change.webhookDropRate(), webhookDropRate),
        pick(change.webhookReorder(), webhookReorder),
        pick(change.timeoutMs(), timeoutMs),
        pick(change.seed(), seed),
        pick(change.feeBasisPoints(), feeBasisPoints),
        pick(change.sameDayStatements(), sameDayStatements),
        pick(change.statementFillerLines(), statementFillerLines));
  }

  private static <T> T pick(T changed, T current) {
    return changed != null ? changed : current;
  }

  /** Rejects NaN too: NaN is not in [0, 1]. */
  private static void rate(String field, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw SandboxException.invalid(field + " must be between 0 and 1, not " + value);
    }
  }

  private static void millis(String field, long value) {
    if (value < 0 || value > MAX_MS) {
      throw SandboxException.invalid(
          field + " must be between 0 and " + MAX_MS + " milliseconds, not " + value);
    }
  }
}
