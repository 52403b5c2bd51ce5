package com.payonce.api.events;

import com.payonce.activities.events.MerchantDeliveriesTable;
import com.payonce.activities.events.MerchantDeliveriesTable.Target;
import com.payonce.api.config.PayonceProperties;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Wakes the deliveries nobody started: their event committed, then the process died before its
 * wake-up reached Temporal. Without it they waited for the order's next event, which may never
 * come.
 */
@Component
class StalledDeliverySweeper {
  private static final Logger log = LoggerFactory.getLogger(StalledDeliverySweeper.class);
  private static final int BATCH = 100;

  private final MerchantDeliveriesTable deliveries;
  private final MerchantDeliveryStarter starter;
  private final PayonceProperties.MerchantEvents settings;

  StalledDeliverySweeper(
      MerchantDeliveriesTable deliveries,
      MerchantDeliveryStarter starter,
      PayonceProperties properties) {
    this.deliveries = deliveries;
    this.starter = starter;
    this.settings = properties.merchantEvents();
  }

  @Scheduled(
      initialDelayString = "${payonce.merchant-events.sweep-interval:30s}",
      fixedDelayString = "${payonce.merchant-events.sweep-interval:30s}")
  void sweep() {
    List<Target> stalled = deliveries.stalled(settings.sweepMinAge(), BATCH);
    stalled.forEach(t -> starter.wake(t.endpointId(), t.orderId()));
    if (!stalled.isEmpty()) {
      log.info(
          "woke the deliveries of {} (endpoint, order) pairs nobody had started", stalled.size());
    }
  }
}
