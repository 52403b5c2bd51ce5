package com.payonce.api.operator;

import com.payonce.activities.operator.OperatorItemsTable;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code payonce_operator_items_open{reason}}: what waits for a person, per reason, read from the
 * queue every 30 seconds (alert on any above zero; docs/OPERATIONS.md).
 */
@Component
class OpenItemsGauge {
  private final OperatorItemsTable items;
  private final MultiGauge open;

  OpenItemsGauge(OperatorItemsTable items, MeterRegistry meters) {
    this.items = items;
    this.open =
        MultiGauge.builder("payonce.operator.items.open")
            .description("operator items waiting for a person, per reason")
            .register(meters);
  }

  @Scheduled(fixedDelayString = "30s", initialDelayString = "1s")
  void refresh() {
    open.register(
        items.openByReason().entrySet().stream()
            .map(
                e ->
                    MultiGauge.Row.of(
                        Tags.of("reason", e.getKey().name().toLowerCase()), e.getValue()))
            .toList(),
        true);
  }
}
