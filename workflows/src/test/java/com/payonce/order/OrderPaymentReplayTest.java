package com.payonce.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays recorded orders against the current workflow code. A failure here means a change would
 * break orders already running (non-determinism): guard it with Workflow.getVersion or a new
 * workflow type instead, then re-record with {@link RecordHistoriesTest}.
 */
class OrderPaymentReplayTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "happyPath",
        "switchDuplicateRefund",
        "expiry",
        "refunds",
        "cancel",
        "realServer_happyPath", "realServer_switchDuplicateRefund", // a real Temporal server's (system-tests)
        // recorded after asynchronous refunds and CUSTOMER_PAYING came in
        "asyncRefund",
        "expiryWhilePaying"
      })
  void recordedOrderReplaysWithTheCurrentCode(String name) throws Exception {
    String history = read("histories/OrderPayment_" + name + ".json");

    WorkflowReplayer.replayWorkflowExecution(history, OrderPaymentWorkflowImpl.class);
  }

  private static String read(String resource) throws IOException {
    try (InputStream in = OrderPaymentReplayTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as("recorded history " + resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
