package com.payonce.workflows.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payonce.workflows.channel.PaymentRef;
import org.junit.jupiter.api.Test;

/** One payment attempt's state, without Temporal: its transitions and the rules read from it. */
class AttemptTest {
  private static final long LAG_WINDOW = 600_000;

  private static Attempt attempt() {
    return new Attempt("a1", "alipay", 1_000);
  }

  @Test
  void aNewAttemptIsOpen_andMayStillCapture() {
    Attempt attempt = attempt();

    assertThat(attempt.status()).isEqualTo(AttemptStatus.OPEN);
    assertThat(attempt.isOpen()).isTrue();
    assertThat(attempt.mayStillCapture()).isTrue();
    assertThat(attempt.createOutcomeUnknown()).isFalse();
    assertThat(attempt.closedAtChannel()).isFalse();
    assertThat(attempt.ref()).isEqualTo(new PaymentRef("alipay", "a1"));
    assertThat(attempt.view())
        .isEqualTo(
            new AttemptView("a1", "alipay", AttemptStatus.OPEN, null, null, 1_000, 0, 0, null));
  }

  @Test
  void opened_setsTheChannelsOrderAndPayUrl() {
    Attempt attempt = attempt();

    attempt.opened("alipay-a1", "https://pay.example/alipay/a1");

    AttemptView view = attempt.view();
    assertThat(view.status()).isEqualTo(AttemptStatus.OPEN);
    assertThat(view.channelOrderId()).isEqualTo("alipay-a1");
    assertThat(view.payUrl()).isEqualTo("https://pay.example/alipay/a1");
    assertThat(view.note()).isNull();
  }

  @Test
  void failed_withAnUnknownOutcome_isRetriedByOpened_whichClearsTheFailure() {
    Attempt attempt = attempt();

    attempt.failed("create failed: alipay did not answer", true);

    assertThat(attempt.status()).isEqualTo(AttemptStatus.FAILED);
    assertThat(attempt.isOpen()).isFalse();
    assertThat(attempt.createOutcomeUnknown()).isTrue();
    assertThat(attempt.mayStillCapture()).as("the channel may have created it").isTrue();
    assertThat(attempt.view().note()).isEqualTo("create failed: alipay did not answer");

    attempt.opened("alipay-a1", "https://pay.example/alipay/a1");

    assertThat(attempt.status()).isEqualTo(AttemptStatus.OPEN);
    assertThat(attempt.createOutcomeUnknown()).isFalse();
    assertThat(attempt.view().note()).isNull();
  }

  @Test
  void failed_asRefused_isNotAnUnknownOutcome() {
    Attempt attempt = attempt();

    attempt.failed("create refused: bad amount", false);

    assertThat(attempt.status()).isEqualTo(AttemptStatus.FAILED);
    assertThat(attempt.createOutcomeUnknown()).isFalse();
  }

  @Test
  void closed_closesOnlyAnOpenAttempt() {
    Attempt open = attempt();
    open.closed();
    assertThat(open.status()).isEqualTo(AttemptStatus.CLOSED);
    assertThat(open.isOpen()).isFalse();
    assertThat(open.mayStillCapture()).as("a close may not be honoured").isTrue();
    assertThat(open.closedAtChannel()).as("our close is not the channel's word").isFalse();

    Attempt failed = attempt();
    failed.failed("create failed", true);
    failed.closed();
    assertThat(failed.status()).isEqualTo(AttemptStatus.FAILED);
    assertThat(failed.createOutcomeUnknown()).isTrue();

    Attempt paid = attempt();
    paid.captured(1_000, null);
    paid.closed();
    assertThat(paid.status()).isEqualTo(AttemptStatus.PAID);
  }

  @Test
  void channelSaysClosed_closesItAndRemembersTheChannelsWord() {
    Attempt attempt = attempt();

    attempt.channelSaysClosed();

    assertThat(attempt.status()).isEqualTo(AttemptStatus.CLOSED);
    assertThat(attempt.closedAtChannel()).isTrue();

    Attempt failed = attempt();
    failed.failed("create failed", true);
    failed.channelSaysClosed();
    assertThat(failed.status())
        .as("only an open attempt becomes CLOSED")
        .isEqualTo(AttemptStatus.FAILED);
    assertThat(failed.closedAtChannel()).isTrue();
  }

  @Test
  void mayStillCapture_untilItHasCapturedOrIsRefunded() {
    Attempt attempt = attempt();
    attempt.closed();
    assertThat(attempt.mayStillCapture()).isTrue();

    attempt.captured(1_000, "duplicate payment");

    assertThat(attempt.status()).isEqualTo(AttemptStatus.PAID);
    assertThat(attempt.capturedMinor()).isEqualTo(1_000);
    assertThat(attempt.view().note()).isEqualTo("duplicate payment");
    assertThat(attempt.mayStillCapture()).isFalse();
  }

  @Test
  void refunded_inPartStaysPaid_andInFullIsRefunded() {
    Attempt attempt = attempt();
    attempt.captured(1_000, null);

    attempt.refunded(300);
    assertThat(attempt.status()).isEqualTo(AttemptStatus.PAID);
    assertThat(attempt.refundedMinor()).isEqualTo(300);

    attempt.refunded(700);
    assertThat(attempt.status()).isEqualTo(AttemptStatus.REFUNDED);
    assertThat(attempt.refundedMinor()).isEqualTo(1_000);
    assertThat(attempt.mayStillCapture()).isFalse();
  }

  @Test
  void refunded_beyondALongIsRefused() {
    Attempt attempt = attempt();
    attempt.captured(Long.MAX_VALUE, null);
    attempt.refunded(Long.MAX_VALUE - 1);

    assertThatThrownBy(() -> attempt.refunded(2)).isInstanceOf(ArithmeticException.class);
    assertThat(attempt.refundedMinor()).isEqualTo(Long.MAX_VALUE - 1);
  }

  @Test
  void laggingUntil_isZero_withoutASignalledPayment() {
    Attempt attempt = attempt();
    attempt.notPaidYet(5_000); // an answer before any signal does not start the window

    assertThat(attempt.laggingUntil(LAG_WINDOW)).isZero();

    attempt.paymentSignalled(6_000);
    assertThat(attempt.laggingUntil(LAG_WINDOW))
        .as("the earlier answer did not count")
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void laggingUntil_isForever_untilTheChannelHasAnswered_thenRunsFromItsFirstAnswer() {
    Attempt attempt = attempt();
    attempt.paymentSignalled(2_000);
    attempt.paymentSignalled(3_000);

    assertThat(attempt.laggingUntil(LAG_WINDOW)).isEqualTo(Long.MAX_VALUE);

    attempt.notPaidYet(10_000);
    attempt.notPaidYet(50_000);

    assertThat(attempt.laggingUntil(LAG_WINDOW)).isEqualTo(10_000 + LAG_WINDOW);
    assertThat(attempt.laggingUntil(1_000)).isEqualTo(11_000);
  }

  @Test
  void laggingUntil_isZero_onceCaptured_refunded_orClosedByTheChannel() {
    Attempt captured = attempt();
    captured.paymentSignalled(2_000);
    captured.captured(1_000, null);
    assertThat(captured.laggingUntil(LAG_WINDOW)).isZero();

    Attempt refunded = attempt();
    refunded.paymentSignalled(2_000);
    refunded.captured(1_000, null);
    refunded.refunded(1_000);
    assertThat(refunded.laggingUntil(LAG_WINDOW)).isZero();

    Attempt closedAtChannel = attempt();
    closedAtChannel.paymentSignalled(2_000);
    closedAtChannel.notPaidYet(3_000);
    closedAtChannel.channelSaysClosed();
    assertThat(closedAtChannel.laggingUntil(LAG_WINDOW)).isZero();

    Attempt closedByUs = attempt();
    closedByUs.paymentSignalled(2_000);
    closedByUs.closed();
    assertThat(closedByUs.laggingUntil(LAG_WINDOW))
        .as("our close may not be honoured: still waited for")
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void stateAndRestore_carryEveryField() {
    Attempt attempt = attempt();
    attempt.failed("create failed", true);
    attempt.opened("alipay-a1", "https://pay.example/alipay/a1");
    attempt.paymentSignalled(2_000);
    attempt.notPaidYet(3_000);
    attempt.channelSaysClosed();
    attempt.captured(1_000, "duplicate payment");
    attempt.refunded(400);

    ContinuedOrder.AttemptState state = attempt.state();
    Attempt restored = Attempt.restore(state);

    assertThat(state)
        .isEqualTo(
            new ContinuedOrder.AttemptState(
                "a1",
                "alipay",
                1_000,
                AttemptStatus.PAID,
                "alipay-a1",
                "https://pay.example/alipay/a1",
                1_000,
                400,
                "duplicate payment",
                false,
                true,
                2_000,
                3_000));
    assertThat(restored.state()).isEqualTo(state);
    assertThat(restored.view()).isEqualTo(attempt.view());
    restored.refunded(600);
    assertThat(restored.status()).isEqualTo(AttemptStatus.REFUNDED);
  }

  @Test
  void stateAndRestore_keepAnUnknownCreate_andALaggingPayment() {
    Attempt attempt = attempt();
    attempt.failed("create failed", true);
    attempt.paymentSignalled(2_000);
    attempt.notPaidYet(3_000);

    Attempt restored = Attempt.restore(attempt.state());

    assertThat(restored.status()).isEqualTo(AttemptStatus.FAILED);
    assertThat(restored.createOutcomeUnknown()).isTrue();
    assertThat(restored.closedAtChannel()).isFalse();
    assertThat(restored.laggingUntil(LAG_WINDOW)).isEqualTo(3_000 + LAG_WINDOW);
    restored.notPaidYet(9_000);
    assertThat(restored.laggingUntil(LAG_WINDOW))
        .as("the first answer is carried, not restarted")
        .isEqualTo(3_000 + LAG_WINDOW);
  }
}
