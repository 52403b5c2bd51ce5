package com.payonce.workflows.order;

import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A fresh time-skipping test server, order worker and {@link FakeChannel} per test; afterwards
 * every order the test ran must replay with the workflow code (what a worker does after a restart).
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
