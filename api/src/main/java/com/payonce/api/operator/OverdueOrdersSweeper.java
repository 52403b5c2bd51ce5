package com.payonce.api.operator;

import com.payonce.activities.operator.OperatorQueue;
import com.payonce.activities.operator.OverdueOrders;
import com.payonce.api.config.PayonceProperties;
import java.time.Clock;
import java.time.Duration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every five minutes, what payonce should have settled by now and has not becomes an operator item:
 * an order an hour past its expiry and late-payment window, a refund pending for three days.
 */
@Component
class OverdueOrdersSweeper {
  private static final Duration SLACK = Duration.ofHours(1);
  private static final Duration REFUND_GRACE = Duration.ofDays(3);

  private final OverdueOrders overdue;
  private final OperatorQueue queue;
  private final Duration orderGrace;
  private final Clock clock = Clock.systemUTC();

  OverdueOrdersSweeper(OverdueOrders overdue, OperatorQueue queue, PayonceProperties properties) {
    this.overdue = overdue;
    this.queue = queue;
    this.orderGrace = properties.orders().latePaymentWindow().plus(SLACK);
  }

  @Scheduled(fixedDelayString = "5m", initialDelayString = "1m")
  void sweep() {
    overdue.find(clock.instant(), orderGrace, REFUND_GRACE).forEach(queue::raise);
  }
}
