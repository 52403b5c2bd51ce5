package com.payonce.workflows.order;

import static com.payonce.workflows.order.OrderHarness.AMOUNT;
import static com.payonce.workflows.order.OrderHarness.refundNo;
import static com.payonce.workflows.order.OrderHarness.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payonce.workflows.channel.ChannelPayment;
import com.payonce.workflows.order.FakeChannel.Op;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the histories {@link OrderPaymentReplayTest} replays. Not part of the build: run it on
 * purpose, after a deliberate (versioned) change of the workflow, and commit the files:
 *
 * <pre>
 * ./mvnw -B -pl workflows test -Dtest=RecordHistoriesTest -Dpayonce.recordHistories=true
 * </pre>
 *
 * Each test runs one representative order to completion and writes its history as JSON to {@code
 * src/test/resources/histories/OrderPayment_<version>_<name>.json}; {@link #VERSION} names the
 * workflow code's current {@code Workflow.getVersion} state, so each version's histories stay.
 */
@EnabledIfSystemProperty(named = "payonce.recordHistories", matches = "true")
class RecordHistoriesTest extends OrderWorkflowTestSupport {

  static final Path DIR = Path.of("src", "test", "resources", "histories");

  /**
   * Bump with each versioned change of the workflow (v1: {@code fewer-round-trips}, v2: {@code
   * hostile-inputs}, v3: {@code settle-in-one-task}, v4: {@code final-sweep-in-every-run}, v5:
   * {@code fresh-attempt-for-a-closed-number}).
   */
  static final String VERSION = "v5";

  /**
   * A create whose answer was lost, the number then closed at the channel: the next pay opens a
   * fresh attempt, which is paid and kept.
   */
  @Test
  void freshAttemptForAClosedNumber() throws IOException {
    OrderPaymentWorkflow order = h.start("order-history-fresh-attempt");
    channel.loseCreateAnswersAfterCommit(3);
    assertThatThrownBy(() -> order.pay(new PayRequest("alipay")));
    channel.channelClosesOnItsOwn(order.view().attempts().get(0).attemptId());
    String fresh = order.pay(new PayRequest("alipay")).attemptId();
    h.paidWithWebhook(order, fresh);

    assertThat(result(order).status()).isEqualTo(OrderStatus.PAID);
    write("freshAttemptForAClosedNumber", "order-history-fresh-attempt");
  }

  /** Pay at alipay, webhook confirmed by a query, kept; the late window passes. */
  @Test
  void happyPath() throws IOException {
    OrderPaymentWorkflow order = h.start("order-history-happy");
    String alipay = order.pay(new PayRequest("alipay")).attemptId();
    h.paidWithWebhook(order, alipay);

    assertThat(result(order).status()).isEqualTo(OrderStatus.PAID);
    write("happyPath", "order-history-happy");
  }

  /**
   * Alipay, then a switch to wechat (the alipay close is not honored); wechat paid and kept, then
   * the old alipay tab paid too: refunded automatically.
   */
  @Test
  void switchDuplicateRefund() throws IOException {
    OrderPaymentWorkflow order = h.start("order-history-duplicate");
    OrderHarness.Tabs tabs = h.openTwoTabs(order);
    String alipay = tabs.alipay();
    String wechat = tabs.wechat();
    h.paidWithWebhook(order, wechat);
    h.paidWithWebhook(order, alipay);

    OrderView result = result(order);
    assertThat(result.paidAttemptId()).isEqualTo(wechat);
    assertThat(result.capturedMinor() - result.refundedMinor()).isEqualTo(AMOUNT.minor());
    write("switchDuplicateRefund", "order-history-duplicate");
  }

  /** An attempt nobody pays: polled with backoff, closed at expiry, swept in the late window. */
  @Test
  void expiry() throws IOException {
    OrderPaymentWorkflow order = h.start("order-history-expiry");
    order.pay(new PayRequest("alipay"));

    assertThat(result(order).status()).isEqualTo(OrderStatus.EXPIRED);
    write("expiry", "order-history-expiry");
  }

  /**
   * A create retried after a timeout, the payment found by a poll (lost webhook), a partial refund,
   * then a refund whose outcome is unknown: pending, completed by the workflow.
   */
  @Test
  void refunds() throws IOException {
    OrderPaymentWorkflow order = h.start("order-history-refunds");
    channel.failNext(Op.CREATE, 1);
    String alipay = order.pay(new PayRequest("alipay")).attemptId();
    channel.customerPays(alipay);
    h.env.sleep(OrderHarness.TIMINGS.pollInitial().plusSeconds(1));
    order.refund(new RefundRequest("r-1", 300, "one coffee was cold"));
    channel.failNext(Op.REFUND, 3);
    assertThat(order.refund(new RefundRequest("r-2", 700, "the rest")).status())
        .isEqualTo(RefundStatus.PENDING);

    assertThat(result(order).status()).isEqualTo(OrderStatus.REFUNDED);
    write("refunds", "order-history-refunds");
  }

  /** Cancelled while an attempt is open: closed, cancelled, and a refused pay afterwards. */
  @Test
  void cancel() throws IOException {
    OrderPaymentWorkflow order = h.start("order-history-cancel");
    order.pay(new PayRequest("alipay"));
    h.env.sleep(Duration.ofMinutes(1));
    order.cancel(new CancelRequest("customer changed their mind"));
    OrderHarness.assertUpdateFails(
        () -> order.pay(new PayRequest("wechat")), OrderFailure.ORDER_NOT_PAYABLE);

    assertThat(result(order).status()).isEqualTo(OrderStatus.CANCELLED);
    write("cancel", "order-history-cancel");
  }

  /**
   * Asynchronous refunds after a payment: r-1 PROCESSING, completed and announced by a refund
   * webhook; r-2 PROCESSING, lost by the channel (NOT_FOUND at the poll, sent again with the same
   * number), then completed and found by the poll.
   */
  @Test
  void asyncRefund() throws IOException {
    OrderPaymentWorkflow order = h.start("order-history-async-refund");
    String alipay = order.pay(new PayRequest("alipay")).attemptId();
    h.paidWithWebhook(order, alipay);
    channel.refundAsynchronously();
    assertThat(order.refund(new RefundRequest("r-1", 300, "one coffee was cold")).status())
        .isEqualTo(RefundStatus.PROCESSING);
    channel.completeRefund(alipay, refundNo(order, "r-1"));
    h.webhookRefunded(order, alipay, "evt-refund-r-1");
    assertThat(order.refund(new RefundRequest("r-2", 700, "the rest")).status())
        .isEqualTo(RefundStatus.PROCESSING);
    channel.loseRefund(alipay, refundNo(order, "r-2"));
    h.env.sleep(OrderHarness.TIMINGS.pollInitial().plusSeconds(1)); // NOT_FOUND: sent again
    assertThat(channel.calls(Op.REFUND)).hasSize(3);
    channel.completeRefund(alipay, refundNo(order, "r-2"));

    assertThat(result(order).status()).isEqualTo(OrderStatus.REFUNDED);
    write("asyncRefund", "order-history-async-refund");
  }

  /**
   * At expiry the customer is paying (the close answers CUSTOMER_PAYING): the order waits, closing
   * again every pollInitial, and the payment that comes within the grace is kept.
   */
  @Test
  void expiryWhilePaying() throws IOException {
    Checkout checkout = h.checkout("order-history-expiry-paying");
    OrderPaymentWorkflow order = h.start(checkout);
    String alipay = order.pay(new PayRequest("alipay")).attemptId();
    channel.customerIsPaying(alipay);
    h.env.sleep(OrderHarness.TIME_TO_PAY.plusMinutes(1));
    assertThat(order.view().status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
    channel.customerPays(alipay); // no webhook: the next close finds it paid

    OrderView result = result(order);
    assertThat(result.status()).isEqualTo(OrderStatus.PAID);
    assertThat(result.refunds()).isEmpty();
    write("expiryWhilePaying", "order-history-expiry-paying");
  }

  /**
   * A shop refund named like the duplicate's automatic refund, a capture the channel already
   * refunded, the cancel loop of a looping client that continues the run as new: both runs.
   */
  @Test
  void hostileShopContinuedAsNew() throws IOException {
    OrderPaymentWorkflow order =
        h.start(h.checkout("order-history-hostile").withLimits(new RunLimits(6, 10_000)));
    String firstRun = WorkflowStub.fromTyped(order).describe().getExecution().getRunId();
    OrderHarness.Tabs tabs = h.openTwoTabs(order);
    String alipay = tabs.alipay();
    String wechat = tabs.wechat();
    h.paidWithWebhook(order, wechat);
    order.refund(new RefundRequest("auto-" + alipay, 1, "hostile"));
    h.paidWithWebhook(order, alipay);
    for (int i = 0; i < 5; i++) {
      order.refund(new RefundRequest("r-" + i, 1, "one fen"));
    }

    assertThat(result(order).status()).isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
    write("hostileShop_run1", h.client.fetchHistory("order-history-hostile", firstRun));
    write("hostileShop_run2", h.client.fetchHistory("order-history-hostile"));
  }

  /**
   * Two tabs; the webhook endpoint's confirmed answers settle wechat in the task that receives its
   * callback, then refund the old alipay tab's capture, both without a query activity.
   */
  @Test
  void confirmedCallbacks() throws IOException {
    OrderPaymentWorkflow order = h.start("order-history-confirmed");
    OrderHarness.Tabs tabs = h.openTwoTabs(order);
    for (String attemptId : List.of(tabs.wechat(), tabs.alipay())) {
      channel.customerPays(attemptId);
      h.webhookPaidWithAnswer(
          order,
          attemptId,
          new ChannelPayment(ChannelPayment.Status.PAID, AMOUNT, 0),
          h.env.currentTimeMillis());
    }

    OrderView result = result(order);
    assertThat(result.paidAttemptId()).isEqualTo(tabs.wechat());
    assertThat(result.capturedMinor() - result.refundedMinor()).isEqualTo(AMOUNT.minor());
    write("confirmedCallbacks", "order-history-confirmed");
  }

  private void write(String name, String workflowId) throws IOException {
    write(name, h.client.fetchHistory(workflowId));
  }

  private static void write(String name, WorkflowExecutionHistory history) throws IOException {
    Files.createDirectories(DIR);
    Files.writeString(
        DIR.resolve("OrderPayment_" + VERSION + "_" + name + ".json"), history.toJson(true));
  }
}
