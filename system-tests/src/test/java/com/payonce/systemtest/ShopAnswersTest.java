package com.payonce.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.systemtest.InvariantChecker.AttemptRow;
import com.payonce.systemtest.InvariantChecker.ChannelRefund;
import com.payonce.systemtest.InvariantChecker.Line;
import com.payonce.systemtest.InvariantChecker.OrderRow;
import com.payonce.systemtest.InvariantChecker.OrphanRow;
import com.payonce.systemtest.InvariantChecker.RefundRow;
import com.payonce.systemtest.ShopAnswers.Claims;
import com.payonce.systemtest.ShopAnswers.RefundAnswer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rule "every answer the shop got is true at the channel", on books made up to the minor unit:
 * an order of 999 kept by attempt {@code K} (wechat), whose duplicate {@code D} (alipay) was
 * refunded automatically as {@code auto-D}.
 */
class ShopAnswersTest {

  private static final String KEPT = "k0000000000000000000000000000001";
  private static final String DUPLICATE = "d0000000000000000000000000000002";
  private static final String SHOP_NO = "5f0000000000000000000000000000aa";

  private final Map<String, AttemptRow> attempts = new LinkedHashMap<>();

  ShopAnswersTest() {
    attempts.put(DUPLICATE, new AttemptRow(DUPLICATE, "alipay", "REFUNDED", 999, 999));
    attempts.put(KEPT, new AttemptRow(KEPT, "wechat", "PAID", 999, 0));
  }

  private static final RefundRow AUTOMATIC =
      new RefundRow("auto-" + DUPLICATE, DUPLICATE, 999, "SUCCEEDED", "AUTOMATIC", "auto-" + DUPLICATE);

  private static Line duplicateLine() {
    return new Line("alipay", DUPLICATE, "CNY", 999, 999,
        List.of(new ChannelRefund("auto-" + DUPLICATE, 999, "SUCCEEDED")));
  }

  private static Map<String, Line> channels(Line... lines) {
    Map<String, Line> byKey = new LinkedHashMap<>();
    for (Line line : lines) {
      byKey.put(line.key(), line);
    }
    return byKey;
  }

  private static OrderRow order(String status, long refunded) {
    return new OrderRow(status, KEPT, 999, "CNY", 1998, refunded);
  }

  private static Claims told(RefundAnswer answer) {
    return new Claims(Map.of(answer.refundId(), answer), KEPT, false, false);
  }

  /** The shop was answered 200 for its refund r-1 of the kept attempt. */
  private static Claims toldRefunded(long amount, String status) {
    return told(new RefundAnswer("r-1", amount, status, KEPT, "REQUESTED", SHOP_NO));
  }

  /** The shop's refund r-1 in payonce's ledger, under payonce's own number. */
  private static RefundRow shopRefund(long amount, String status) {
    return new RefundRow("r-1", KEPT, amount, status, "REQUESTED", SHOP_NO);
  }

  private static Line keptLine(long refunded, ChannelRefund... refunds) {
    return new Line("wechat", KEPT, "CNY", 999, refunded, List.of(refunds));
  }

  private List<String> problems(Claims claims, OrderRow order, List<RefundRow> refunds, Map<String, Line> channels) {
    return ShopAnswers.problems(claims, order, attempts, refunds, List.<OrphanRow>of(), channels);
  }

  /** The books of the order with the duplicate's automatic refund, the shop's refund and the kept line. */
  private List<String> problems(Claims claims, String status, long refunded, RefundRow shop, Line kept) {
    return problems(claims, order(status, refunded), List.of(AUTOMATIC, shop), channels(duplicateLine(), kept));
  }

  /** Finding 2, forced: the shop's refund "auto-D" answered with the automatic refund. */
  @Test
  void aShopRefundAnsweredWithTheAutomaticRefundIsALie() {
    Claims claims =
        told(new RefundAnswer("auto-" + DUPLICATE, 999, "SUCCEEDED", DUPLICATE, "AUTOMATIC", "auto-" + DUPLICATE));

    List<String> problems =
        problems(claims, order("PAID", 999), List.of(AUTOMATIC), channels(duplicateLine(), keptLine(0)));

    assertThat(problems)
        .anyMatch(p -> p.contains("not a shop refund of the kept attempt"))
        .anyMatch(p -> p.contains("payonce's ledger has no shop refund auto-" + DUPLICATE));
  }

  /** The same lie once the answer names the kept attempt and the ledger a shop refund: no money moved. */
  @Test
  void aShopRefundAnswered200ThatRefundedNothingAtTheChannelIsCaught() {
    assertThat(problems(toldRefunded(999, "SUCCEEDED"), "REFUNDED", 1998, shopRefund(999, "SUCCEEDED"), keptLine(0)))
        .anyMatch(p -> p.contains("refund r-1 was answered 200") && p.contains("no refund numbered " + SHOP_NO))
        .anyMatch(p -> p.contains("SUCCEEDED under number " + SHOP_NO + "; the channel has no such refund"))
        .anyMatch(p -> p.contains("has 0 refunded (or refunding) at its channel, the shop refunds granted on it are 999"));
  }

  /** A refund at the channel under another number than payonce's (its id sent as the number, say). */
  @Test
  void aRefundUnderAnotherNumberIsNotTheOnePayonceKnows() {
    Line kept = keptLine(10, new ChannelRefund("r-1", 10, "SUCCEEDED"));

    assertThat(problems(toldRefunded(10, "SUCCEEDED"), "PARTIALLY_REFUNDED", 1009, shopRefund(10, "SUCCEEDED"), kept))
        .anyMatch(p -> p.contains("the channel holds refund ChannelRefund[refundNo=r-1"))
        .anyMatch(p -> p.contains("no refund numbered " + SHOP_NO));
  }

  @Test
  void aRefundAnsweredPendingThatFailedIsALie() {
    assertThat(problems(toldRefunded(10, "PENDING"), "PAID", 999, shopRefund(10, "FAILED"), keptLine(0)))
        .anyMatch(p -> p.contains("but it FAILED"));
  }

  @Test
  void theKeptAttemptIsWhatTheShopWasToldAndACancelStaysCancelled() {
    Claims paidByAnother = new Claims(Map.of(), DUPLICATE, true, false);

    assertThat(problems(paidByAnother, order("PAID", 999), List.of(AUTOMATIC), channels(duplicateLine(), keptLine(0))))
        .anyMatch(p -> p.contains("told the order is paid by attempt " + DUPLICATE))
        .anyMatch(p -> p.contains("a cancel was answered 200 CANCELLED but the order is PAID"));
  }

  /** True answers, a shop refund named like an automatic one included (its own namespace). */
  @Test
  void trueAnswersRaiseNothing() {
    Claims claims = told(new RefundAnswer("auto-" + DUPLICATE, 10, "SUCCEEDED", KEPT, "REQUESTED", SHOP_NO));
    RefundRow shop = new RefundRow("auto-" + DUPLICATE, KEPT, 10, "SUCCEEDED", "REQUESTED", SHOP_NO);
    Line kept = keptLine(10, new ChannelRefund(SHOP_NO, 10, "SUCCEEDED"));

    assertThat(problems(claims, "PARTIALLY_REFUNDED", 1009, shop, kept)).isEmpty();
  }
}
