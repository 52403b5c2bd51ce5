package com.payonce.workflows.laterefund;

import com.payonce.workflows.money.Money;
import com.payonce.workflows.order.RefundView;

/**
 * The ledger's answer to a late refund: the refund row (new, or the one already under this id) and
 * where to send it, or a refusal that changed nothing.
 *
 * @param refusal null when reserved (no derived accessor: Jackson would write it as a field)
 * @param channel the kept attempt's channel
 * @param amount the refund's amount in the order's currency
 */
public record RefundReservation(
    RefundRefusal refusal, String detail, RefundView refund, String channel, Money amount) {

  public static RefundReservation refused(RefundRefusal refusal, String detail) {
    return new RefundReservation(refusal, detail, null, null, null);
  }

  public static RefundReservation reserved(RefundView refund, String channel, Money amount) {
    return new RefundReservation(null, null, refund, channel, amount);
  }
}
