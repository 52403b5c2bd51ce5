package com.payonce.api.events;

import com.payonce.activities.events.DeliveryWakeups;
import com.payonce.api.config.PayonceProperties;
import com.payonce.workflows.events.MerchantDeliveryRun;
import com.payonce.workflows.events.MerchantDeliveryWorkflow;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Starts the (endpoint, order) delivery workflow with a signal, or signals the running one: a
 * signal that reaches a run about to end fails its completion, so no delivery is left behind.
 */
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
    WorkflowOptions options = MerchantDeliveryWorkflow.options(endpointId, orderId);
    MerchantDeliveryWorkflow workflow =
        temporal.newWorkflowStub(MerchantDeliveryWorkflow.class, options);
    BatchRequest request = temporal.newSignalWithStartRequest();
    request.add(
        workflow::deliver,
        new MerchantDeliveryRun(
            endpointId, orderId, settings.retryFor().toMillis(), settings.firstRetry().toMillis()));
    request.add(workflow::newDeliveries);
    temporal.signalWithStart(request);
  }
}
