package com.payonce.workflows.order;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One refund's state, without Temporal: its transitions and whether it holds its amount. */
class RefundTest {

  private static Refund refund() {
    return new Refund("r-1", "0123abcd", "a1", 300, RefundKind.REQUESTED, "cold coffee", 5_000);
  }

  @Test
  void aNewRefundIsPending_andHoldsItsAmount() {
    Refund refund = refund();

    assertThat(refund.status()).isEqualTo(RefundStatus.PENDING);
    assertThat(refund.isPending()).isTrue();
    assertThat(refund.isProcessing()).isFalse();
    assertThat(refund.holdsAmount()).isTrue();
    assertThat(refund.view())
        .isEqualTo(
            new RefundView(
                "r-1",
                "a1",
                300,
                RefundStatus.PENDING,
                RefundKind.REQUESTED,
                "cold coffee",
                5_000,
                "0123abcd"));
  }

  @Test
  void pendingThenProcessingThenSucceeded_holdsItsAmountAllTheWay() {
    Refund refund = refund();

    refund.processing();
    assertThat(refund.status()).isEqualTo(RefundStatus.PROCESSING);
    assertThat(refund.isProcessing()).isTrue();
    assertThat(refund.isPending()).isFalse();
    assertThat(refund.holdsAmount()).isTrue();

    refund.succeeded();
    assertThat(refund.status()).isEqualTo(RefundStatus.SUCCEEDED);
    assertThat(refund.isProcessing()).isFalse();
    assertThat(refund.holdsAmount()).isTrue();
    assertThat(refund.reason()).isEqualTo("cold coffee");
  }

  @Test
  void failed_freesTheAmount_andSaysWhy() {
    Refund refund = refund();
    refund.processing();

    refund.failed("the channel failed the refund");

    assertThat(refund.status()).isEqualTo(RefundStatus.FAILED);
    assertThat(refund.isPending()).isFalse();
    assertThat(refund.isProcessing()).isFalse();
    assertThat(refund.holdsAmount()).isFalse();
    assertThat(refund.reason()).isEqualTo("the channel failed the refund");
    assertThat(refund.view().reason()).isEqualTo("the channel failed the refund");
  }

  @Test
  void resend_makesALostRefundPendingAgain_withTheSameNumber() {
    Refund refund = refund();
    refund.processing();

    refund.resend();

    assertThat(refund.status()).isEqualTo(RefundStatus.PENDING);
    assertThat(refund.isPending()).isTrue();
    assertThat(refund.holdsAmount()).isTrue();
    assertThat(refund.refundNo()).isEqualTo("0123abcd");
    assertThat(refund.amountMinor()).isEqualTo(300);

    refund.processing();
    refund.succeeded();
    assertThat(refund.status()).isEqualTo(RefundStatus.SUCCEEDED);
  }

  @Test
  void stateAndRestore_carryEveryField() {
    Refund refund =
        new Refund("auto-a2", "auto-a2", "a2", 999, RefundKind.AUTOMATIC, "late", 7_000);
    refund.processing();

    ContinuedOrder.RefundState state = refund.state();
    Refund restored = Refund.restore(state);

    assertThat(state)
        .isEqualTo(
            new ContinuedOrder.RefundState(
                "auto-a2",
                "auto-a2",
                "a2",
                999,
                RefundKind.AUTOMATIC,
                "late",
                7_000,
                RefundStatus.PROCESSING));
    assertThat(restored.state()).isEqualTo(state);
    assertThat(restored.view()).isEqualTo(refund.view());
    assertThat(restored.isProcessing()).isTrue();
    assertThat(restored.kind()).isEqualTo(RefundKind.AUTOMATIC);
  }

  @Test
  void stateAndRestore_keepAFailure_andItsReason() {
    Refund refund = refund();
    refund.failed("refused: insufficient balance");

    Refund restored = Refund.restore(refund.state());

    assertThat(restored.status()).isEqualTo(RefundStatus.FAILED);
    assertThat(restored.holdsAmount()).isFalse();
    assertThat(restored.reason()).isEqualTo("refused: insufficient balance");
    assertThat(restored.state()).isEqualTo(refund.state());
  }
}
