package com.payonce.workflows.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.workflows.money.Money;
import org.junit.jupiter.api.Test;

/** The order's money rules, without Temporal: which capture is kept, what is refunded, the caps. */
class OrderBookTest {
  private static final Money AMOUNT = new Money(999, "CNY");

  private static OrderBook book() {
    OrderBook book =
        new OrderBook(
            Checkout.of("o-1", "c-1", AMOUNT, "tea", 0, 60_000, PaymentTimings.defaults()));
    book.closeHostileInputs();
    return book;
  }

  @Test
  void theFirstConfirmedCaptureIsKept_andASecondIsRefundedInFull() {
    OrderBook book = book();
    Attempt first = book.newAttempt("a1", "alipay", 0);
    Attempt second = book.newAttempt("a2", "wechat", 0);

    assertThat(book.captured(first, AMOUNT, 0, 10)).isEqualTo(CaptureVerdict.KEPT);
    assertThat(book.captured(second, AMOUNT, 0, 20)).isEqualTo(CaptureVerdict.DUPLICATE);

    assertThat(book.status()).isEqualTo(OrderStatus.PAID);
    assertThat(book.view().paidAttemptId()).isEqualTo("a1");
    assertThat(book.refunds().pending())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.refundNo()).isEqualTo("auto-a2");
              assertThat(r.kind()).isEqualTo(RefundKind.AUTOMATIC);
              assertThat(r.amountMinor()).isEqualTo(999);
            });
    assertThat(book.unsettledAttempts()).isEmpty();
  }

  @Test
  void aCaptureOfAnotherAmountOrCurrency_isNeverKept() {
    OrderBook book = book();
    assertThat(book.captured(book.newAttempt("a1", "alipay", 0), new Money(998, "CNY"), 0, 0))
        .isEqualTo(CaptureVerdict.AMOUNT_MISMATCH);
    assertThat(book.captured(book.newAttempt("a2", "alipay", 0), new Money(999, "USD"), 0, 0))
        .isEqualTo(CaptureVerdict.AMOUNT_MISMATCH);

    assertThat(book.awaitingPayment()).isTrue();
    assertThat(book.refunds().pending())
        .extracting(Refund::amountMinor)
        .containsExactly(998L, 999L);
  }

  @Test
  void aCaptureTheChannelAlreadyRefundedInPart_isNeverKept_andOnlyTheRestIsRefunded() {
    OrderBook book = book();
    Attempt attempt = book.newAttempt("a1", "alipay", 0);

    assertThat(book.captured(attempt, AMOUNT, 300, 0))
        .isEqualTo(CaptureVerdict.REFUNDED_AT_CHANNEL);

    assertThat(book.awaitingPayment()).isTrue();
    assertThat(attempt.refundedMinor()).isEqualTo(300);
    assertThat(book.refunds().pending()).extracting(Refund::amountMinor).containsExactly(699L);
  }

  @Test
  void aCaptureAfterTheOrderExpired_isRefundedAsLate() {
    OrderBook book = book();
    Attempt attempt = book.newAttempt("a1", "alipay", 0);
    book.end(OrderStatus.EXPIRED);

    assertThat(book.captured(attempt, AMOUNT, 0, 0)).isEqualTo(CaptureVerdict.LATE);

    assertThat(book.status()).isEqualTo(OrderStatus.EXPIRED);
    assertThat(book.refunds().pending())
        .singleElement()
        .satisfies(r -> assertThat(r.reason()).startsWith("late payment"));
  }

  @Test
  void aShopRefundIdNamedLikeAnAutomaticRefund_neitherTakesNorAliasesIt() {
    OrderBook book = book();
    Attempt kept = book.newAttempt("a1", "alipay", 0);
    book.captured(kept, AMOUNT, 0, 0);

    Refund shop = book.requestRefund(new RefundRequest("auto-a2", 1, "r"), "n-1", 0);
    book.captured(book.newAttempt("a2", "wechat", 0), AMOUNT, 0, 0);

    assertThat(book.refunds().pending()).hasSize(2).contains(shop);
    assertThat(book.refunds().requested("auto-a2")).contains(shop);
    assertThat(book.refunds().pending())
        .filteredOn(r -> r.kind() == RefundKind.AUTOMATIC)
        .singleElement()
        .satisfies(r -> assertThat(r.attemptId()).isEqualTo("a2"));
  }

  @Test
  void refundsTakeFromTheRefundable_aFailedOneGivesItBack_andTheStatusFollowsWhatSucceeded() {
    OrderBook book = book();
    book.captured(book.newAttempt("a1", "alipay", 0), AMOUNT, 0, 0);

    Refund part = book.requestRefund(new RefundRequest("r1", 400, "r"), "n-1", 0);
    Refund failed = book.requestRefund(new RefundRequest("r2", 599, "r"), "n-2", 0);
    assertThat(book.refundableMinor()).isZero();
    failed.failed("refused");
    assertThat(book.refundableMinor()).isEqualTo(599);
    assertThat(book.refunds().requestedCount()).isEqualTo(1);

    book.refundSucceeded(part);
    assertThat(book.status()).isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
    Refund rest = book.requestRefund(new RefundRequest("r3", 599, "r"), "n-3", 0);
    book.refundSucceeded(rest);
    assertThat(book.status()).isEqualTo(OrderStatus.REFUNDED);
    assertThat(book.view().refundedMinor()).isEqualTo(999);
  }

  @Test
  void attemptsAreCapped_butOnesTheChannelRefusedDoNotCount_andAnUnknownCreateMayBeRetried() {
    OrderBook book = book();
    for (int i = 0; i < OrderBook.MAX_ATTEMPTS - 1; i++) {
      book.newAttempt("a" + i, "alipay", 0).closed();
    }
    book.newAttempt("refused", "alipay", 0).failed("refused", false);
    assertThat(book.mayOpenAttempt("alipay")).isTrue();

    book.newAttempt("unknown", "wechat", 0).failed("no answer", true);
    assertThat(book.mayOpenAttempt("alipay")).isFalse();
    assertThat(book.mayOpenAttempt("wechat")).isTrue();
    assertThat(book.unknownCreate("wechat")).map(Attempt::id).contains("unknown");
  }

  @Test
  void payCallsAreCapped() {
    OrderBook book = book();
    for (int i = 0; i < OrderBook.MAX_PAY_CALLS; i++) {
      assertThat(book.payCallsLeft()).isTrue();
      book.countPayCall();
    }
    assertThat(book.payCallsLeft()).isFalse();
  }

  @Test
  void aSignedPaymentTheQueryDoesNotShow_isWaitedForFromTheFirstAnswer_untilTheWindowEnds() {
    OrderBook book = book();
    Attempt attempt = book.newAttempt("a1", "alipay", 0);
    attempt.paymentSignalled(1_000);
    assertThat(book.laggingUntil(600_000)).isEqualTo(Long.MAX_VALUE);

    attempt.notPaidYet(5_000);
    assertThat(book.laggingUntil(600_000)).isEqualTo(605_000);
    assertThat(book.lagging(605_000, 600_000)).containsExactly(attempt);
    assertThat(book.lagging(605_001, 600_000)).isEmpty();

    attempt.channelSaysClosed();
    assertThat(book.laggingUntil(600_000)).isZero();
  }

  @Test
  void theBookCarriedIntoTheNextRun_isTheSameBook() {
    OrderBook book = book();
    book.captured(book.newAttempt("a1", "alipay", 0), AMOUNT, 0, 0);
    book.captured(book.newAttempt("a2", "wechat", 0), AMOUNT, 0, 0);
    book.requestRefund(new RefundRequest("auto-a2", 5, "r"), "n-1", 0);
    book.countPayCall();
    book.nextRevision(7_000);

    OrderBook restored = OrderBook.restore(book.checkout(), book.state());

    assertThat(restored.view()).isEqualTo(book.view());
    assertThat(restored.state()).isEqualTo(book.state());
    assertThat(restored.refunds().requested("auto-a2")).isPresent();
    assertThat(restored.refundableMinor()).isEqualTo(book.refundableMinor());
  }

  @Test
  void revisionsOnlyGrow_andNeverFallBelowTheFloor() {
    OrderBook book = book();
    assertThat(book.nextRevision(0).revision()).isEqualTo(1);
    assertThat(book.nextRevision(5_000).revision()).isEqualTo(5_000);
    assertThat(book.nextRevision(10).revision()).isEqualTo(5_001);
    assertThat(book.view().revision()).isEqualTo(5_001);
  }

  @Test
  void theOrdersTotalsCannotOverflow_withTheLargestCaptureAChannelCanReportOnEveryAttempt() {
    Money order = new Money(Money.maxMinor("CNY"), "CNY");
    Money lie = new Money(Money.MAX_HELD, "CNY");
    OrderBook book =
        new OrderBook(Checkout.of("o", "c", order, "d", 0, 1, PaymentTimings.defaults()));
    book.closeHostileInputs();
    book.captured(book.newAttempt("a0", "alipay", 0), order, 0, 0);
    for (int i = 1; i < OrderBook.MAX_ATTEMPTS; i++) {
      book.captured(book.newAttempt("a" + i, "alipay", 0), lie, 0, 0);
    }
    assertThat(book.view().capturedMinor())
        .isEqualTo(order.minor() + (OrderBook.MAX_ATTEMPTS - 1) * lie.minor());
    assertThat(book.view().status()).isEqualTo(OrderStatus.PAID);
    assertThat(book.refunds().pending())
        .hasSize(OrderBook.MAX_ATTEMPTS - 1)
        .allMatch(r -> r.amountMinor() == Money.MAX_HELD);
  }
}
