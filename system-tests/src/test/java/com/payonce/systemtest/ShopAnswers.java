package com.payonce.systemtest;

import com.payonce.systemtest.InvariantChecker.AttemptRow;
import com.payonce.systemtest.InvariantChecker.ChannelRefund;
import com.payonce.systemtest.InvariantChecker.Line;
import com.payonce.systemtest.InvariantChecker.OrderRow;
import com.payonce.systemtest.InvariantChecker.OrphanRow;
import com.payonce.systemtest.InvariantChecker.RefundRow;
import com.payonce.workflows.order.OrderStatus;
import com.payonce.workflows.order.RefundKind;
import com.payonce.workflows.order.RefundStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every answer the shop got must be true at the channel, matched by refund number against the
 * channels' own books (payonce's ledger only says which number to look for):
 *
 * <ol>
 *   <li>a refund answered 200 (SUCCEEDED, PENDING or PROCESSING) is a shop refund in payonce's
 *       ledger with that id and amount, on the order's kept attempt, and the kept attempt's line at
 *       its channel holds a SUCCEEDED refund of that amount under the row's {@code refund_no};
 *   <li>every refund payonce's ledger calls SUCCEEDED is at the channel under its number with its
 *       amount, on its attempt;
 *   <li>every refund the channel holds on one of the order's attempts is one payonce knows (a
 *       refunds row of that attempt or an orphan_refunds row, by number and amount);
 *   <li>an order the shop was told is PAID keeps the attempt it was told, and the channel refunded
 *       that attempt exactly the shop refunds granted on it, nothing beyond; a cancel answered
 *       CANCELLED leaves the order CANCELLED, an answer "already paid" leaves it paid.
 * </ol>
 *
 * A problem here keeps the order unsettled (a PROCESSING refund completes, a PENDING one is sent);
 * the ones left at the settle bound are violations.
 */
final class ShopAnswers {

  /**
   * One 200 answer to a refund call, as the shop read it.
   *
   * @param refundNo the number the answer says the channel knows the refund by (null if none)
   */
  record RefundAnswer(
      String refundId,
      long amount,
      String status,
      String attemptId,
      String kind,
      String refundNo) {}

  /**
   * What the shop was told about one order.
   *
   * @param refunds the first 200 answer per refund id
   * @param keptSeen the paidAttemptId of the first order answer that said PAID (or later), or null
   * @param cancelAnswered a cancel answered 200 CANCELLED
   * @param alreadyPaidAnswered a pay or cancel answered 409 order-already-paid
   */
  record Claims(
      Map<String, RefundAnswer> refunds,
      String keptSeen,
      boolean cancelAnswered,
      boolean alreadyPaidAnswered) {

    static final Claims NONE = new Claims(Map.of(), null, false, false);
  }

  private static final Set<String> PAID =
      Set.of(
          OrderStatus.PAID.name(),
          OrderStatus.PARTIALLY_REFUNDED.name(),
          OrderStatus.REFUNDED.name());
  private static final String REQUESTED = RefundKind.REQUESTED.name();
  private static final String SUCCEEDED = RefundStatus.SUCCEEDED.name();

  private ShopAnswers() {}

  /**
   * @param attempts the order's payment_attempts rows by attempt id
   * @param channels the channels' ledgers by {@link Line#key}
   */
  static List<String> problems(
      Claims claims,
      OrderRow order,
      Map<String, AttemptRow> attempts,
      List<RefundRow> refunds,
      List<OrphanRow> orphans,
      Map<String, Line> channels) {
    List<String> problems = new ArrayList<>();
    String kept = order.paidAttemptId();
    Line keptLine = kept == null ? null : lineOf(attempts.get(kept), channels);

    // 1. each refund answered 200: a shop refund of the kept attempt, at the channel
    for (RefundAnswer answer : claims.refunds().values()) {
      String told =
          String.format(
              "refund %s was answered 200 %s for %d on attempt %s (%s)",
              answer.refundId(),
              answer.status(),
              answer.amount(),
              answer.attemptId(),
              answer.kind());
      if (!REQUESTED.equals(answer.kind()) || kept == null || !kept.equals(answer.attemptId())) {
        problems.add(told + ", which is not a shop refund of the kept attempt " + kept);
      }
      RefundRow row = requested(refunds, answer.refundId());
      if (row == null) {
        problems.add(told + " but payonce's ledger has no shop refund " + answer.refundId());
        continue;
      }
      if (row.amount() != answer.amount()) {
        problems.add(told + " but payonce's ledger has it for " + row.amount());
      }
      if (answer.refundNo() != null && !answer.refundNo().equals(row.refundNo())) {
        problems.add(
            told
                + " as number "
                + answer.refundNo()
                + " but payonce's ledger sent it as "
                + row.refundNo());
      }
      if (kept == null || !kept.equals(row.attemptId())) {
        problems.add(
            told
                + " but payonce's ledger has it on attempt "
                + row.attemptId()
                + ", the kept one is "
                + kept);
      }
      if (row.status().equals(RefundStatus.FAILED.name())) {
        problems.add(told + " but it FAILED: the shop was told money goes back and none did");
        continue;
      }
      ChannelRefund atChannel = keptLine == null ? null : keptLine.refund(row.refundNo());
      if (atChannel == null
          || atChannel.amount() != answer.amount()
          || !atChannel.status().equals(SUCCEEDED)) {
        problems.add(
            told
                + " but the kept attempt's books at its channel have "
                + (atChannel == null ? "no refund numbered " + row.refundNo() : atChannel)
                + (keptLine == null ? " (no line)" : ""));
      }
    }

    // 2. every refund payonce calls SUCCEEDED is at the channel, on its attempt
    for (RefundRow row : refunds) {
      if (!row.status().equals(SUCCEEDED)) {
        continue;
      }
      Line line = lineOf(attempts.get(row.attemptId()), channels);
      ChannelRefund atChannel = line == null ? null : line.refund(row.refundNo());
      if (atChannel == null
          || atChannel.amount() != row.amount()
          || !atChannel.status().equals(SUCCEEDED)) {
        problems.add(
            String.format(
                "payonce's ledger says %s refund %s of %d on attempt %s SUCCEEDED under number %s;"
                    + " the channel has %s",
                row.kind(),
                row.refundId(),
                row.amount(),
                row.attemptId(),
                row.refundNo(),
                atChannel == null ? "no such refund" : atChannel));
      }
    }

    // 3. every refund at the channel on the order's attempts is known to payonce
    Set<String> orphanNumbers = new HashSet<>();
    for (OrphanRow o : orphans) {
      orphanNumbers.add(
          Line.key(o.channel(), o.attemptId()) + "#" + o.refundNo() + "=" + o.amount());
    }
    for (AttemptRow attempt : attempts.values()) {
      Line line = lineOf(attempt, channels);
      if (line == null) {
        continue;
      }
      for (ChannelRefund atChannel : line.refunds()) {
        boolean known =
            refunds.stream()
                    .anyMatch(
                        r ->
                            r.attemptId().equals(attempt.attemptId())
                                && atChannel.refundNo().equals(r.refundNo())
                                && r.amount() == atChannel.amount())
                || orphanNumbers.contains(
                    line.key() + "#" + atChannel.refundNo() + "=" + atChannel.amount());
        if (!known) {
          problems.add(
              "the channel holds refund "
                  + atChannel
                  + " on attempt "
                  + line.key()
                  + " that payonce's books do not know");
        }
      }
    }

    // 4. the order's status as the shop was told it
    if (claims.keptSeen() != null) {
      if (!claims.keptSeen().equals(kept) || !PAID.contains(order.status())) {
        problems.add(
            "the shop was told the order is paid by attempt "
                + claims.keptSeen()
                + "; now it is "
                + order.status()
                + " keeping "
                + kept);
      }
    }
    if (kept != null && keptLine != null) {
      long granted =
          refunds.stream()
              .filter(
                  r ->
                      r.kind().equals(REQUESTED)
                          && r.status().equals(SUCCEEDED)
                          && r.attemptId().equals(kept))
              .mapToLong(RefundRow::amount)
              .sum();
      long atChannel = keptLine.refunds().stream().mapToLong(ChannelRefund::amount).sum();
      if (atChannel != granted) {
        problems.add(
            "the kept attempt "
                + kept
                + " has "
                + atChannel
                + " refunded (or refunding) at its channel, "
                + "the shop refunds granted on it are "
                + granted);
      }
    }
    if (claims.cancelAnswered() && !order.status().equals(OrderStatus.CANCELLED.name())) {
      problems.add("a cancel was answered 200 CANCELLED but the order is " + order.status());
    }
    if (claims.alreadyPaidAnswered() && !PAID.contains(order.status())) {
      problems.add("a call was answered 409 order-already-paid but the order is " + order.status());
    }
    return problems;
  }

  private static RefundRow requested(List<RefundRow> refunds, String refundId) {
    return refunds.stream()
        .filter(r -> r.kind().equals(REQUESTED) && r.refundId().equals(refundId))
        .findFirst()
        .orElse(null);
  }

  private static Line lineOf(AttemptRow attempt, Map<String, Line> channels) {
    return attempt == null ? null : channels.get(Line.key(attempt.channel(), attempt.attemptId()));
  }
}
