package com.payonce.workflows.operator;

/**
 * A situation that needs a person, as whoever found it describes it.
 *
 * @param itemKey names the situation: raising the same key again adds nothing (a retried activity,
 *     the next reconciliation of the same statement)
 * @param orderId null when no order of payonce's owns the money
 * @param refundNo null when no refund is involved
 * @param detail for the operator: what differs, with both sides' amounts
 */
public record NewOperatorItem(
    String itemKey,
    OperatorReason reason,
    String orderId,
    String channel,
    String attemptId,
    String refundNo,
    String detail) {

  /**
   * The key of a payment the channel refused to give back: one item per payment, whichever refund
   * number (an operator's retries use new ones) was refused.
   */
  public static String refundFailedKey(String channel, String attemptId) {
    return "refund-failed/" + channel + "/" + attemptId;
  }
}
