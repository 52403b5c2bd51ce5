package com.payonce.api.events;

import com.payonce.activities.events.DeliveryWakeups;
import com.payonce.api.config.PayonceProperties;
import com.payonce.workflows.events.MerchantDeliveryRun;
import com.payonce.workflows.events.MerchantDeliveryWorkflow;
import io.temporal.client.WorkflowClient;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/** Wakes the (endpoint, order) delivery workflow with this instance's retry settings. */
@Component
public class MerchantDeliveryStarter implements DeliveryWakeups {
  private final WorkflowClient temporal;
  private final PayonceProperties.MerchantEvents settings;

  /**
   * Lazy: the ledger activities need this, and the worker factory needs them, before the client.
   */
  MerchantDeliveryStarter(@Lazy WorkflowClient temporal, PayonceProperties properties) {
    this.temporal = temporal;
    this.settings = properties.merchantEvents();
  }

  @Override
  public void wake(String endpointId, String orderId) {
    MerchantDeliveryWorkflow.wake(
        temporal,
        new MerchantDeliveryRun(
            endpointId, orderId, settings.retryFor().toMillis(), settings.firstRetry().toMillis()));
  }
}
