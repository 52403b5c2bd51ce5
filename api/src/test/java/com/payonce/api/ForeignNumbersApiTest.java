package com.payonce.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Payments payonce never opened whose merchant order numbers collide with its own ids. Each is
 * refunded at its own channel, and the order whose id it borrows is not touched.
 */
class ForeignNumbersApiTest extends ChannelFaultsSupport {

  @Test
  void aPaymentAtAnotherChannelUnderAnAttemptsNumber_isRefundedThere_andTheOrderIsUntouched() {
    String orderId = newOrder("collide", "10.00");
    String attemptId = openAttempt(orderId, "alipay");

    strangerPays("wechat", attemptId, "33.30");

    awaitOrphanRefunded("wechat", attemptId, "33.30");
    JsonNode order = getOrder(orderId).json();
    assertThat(text(order, "status")).isEqualTo("AWAITING_PAYMENT");
    assertThat(text(order, "capturedAmount")).isEqualTo("0.00");
    assertThat(order.path("refunds").isEmpty()).isTrue();
    assertThat(text(attempt(order, attemptId), "status")).isEqualTo("OPEN");
    assertThat(count(history(orderId), EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED))
        .as("the wechat event never reached the alipay attempt's order")
        .isZero();
    assertThat(sandbox("GET", "alipay", "/orders/" + attemptId, null).text("status"))
        .isEqualTo("WAIT_PAY");
    assertThat(ledgerLine("alipay", attemptId)).isNull();
  }

  @Test
  void anOrderNamedLikeAnOrphanWorkflow_doesNotBlockTheOrphansRefund() {
    String merchantOrderNo = uniqueId("stranger");
    String squatter = "orphan-alipay-" + merchantOrderNo;
    assertOk(checkout(squatter, "customer-1", "10.00", "CNY"), 201);

    strangerPays("alipay", merchantOrderNo, "21.00");

    awaitOrphanRefunded("alipay", merchantOrderNo, "21.00");
    assertThat(getOrder(squatter).text("status")).isEqualTo("AWAITING_PAYMENT");
  }
}
