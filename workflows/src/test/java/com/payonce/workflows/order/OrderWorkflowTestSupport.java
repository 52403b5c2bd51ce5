package com.payonce.workflows.order;

import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A fresh time-skipping test server, order worker and {@link FakeChannel} per test; afterwards
 * every order the test ran must replay with the workflow code (what a worker does after a restart).
 *
 * <p>The order workflow's tests are one class per job of the workflow ({@link PayUpdateTest},
 * {@link CancelUpdateTest}, {@link RefundUpdateTest}, {@link ChannelWatchTest}, {@link
 * CallbackInboxTest}, {@link AwaitPaymentTest}, {@link LateWindowTest}, {@link RefundSenderTest},
 * {@link RunRolloverTest}, {@link AlarmTest}). Every test drives the workflow the way the API and
 * the channels do (updates, webhooks as signals, time passing), against channels that do not always
 * answer at once (asynchronous refunds, a customer in the middle of paying, a query that lags
 * behind a payment, a create whose outcome is unknown), and checks what a customer or the shop
 * would see: the order, its attempts and refunds, the calls the channel got, the money the customer
 * is out of, and the ledger's copy. A test whose javadoc names a finding of issue 10 ("Close the
 * holes") is one way an adversarial review broke the money promise: a hostile shop, customer or
 * timing.
 */
abstract class OrderWorkflowTestSupport {

  @RegisterExtension static final TestWorkflowExtension temporal = OrderHarness.extension();

  OrderHarness h;
  FakeChannel channel;

  @BeforeEach
  void setUpOrderHarness(TestWorkflowEnvironment env) {
    h = new OrderHarness(env);
    channel = h.channel;
  }

  @AfterEach
  void everyOrderReplays() throws Exception {
    h.assertHistoriesReplay();
  }
}
