package com.payonce.bench;

import com.payonce.bench.floor.FloorActivitiesImpl;
import com.payonce.bench.floor.FloorWorkflow;
import com.payonce.bench.floor.FloorWorkflowImpl;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The floor: {@link FloorWorkflow} run by a worker in this process on its own task queue, driven
 * through the same kind of client calls payonce's API makes (start with the same id policies and
 * search attributes, the pay and refund updates, the channel-event signal, a query for a repeated
 * checkout). The channel's capture is the moment just before the signal; the ledger's PAID record
 * is the moment the floor's ledger local activity runs.
 */
final class FloorTarget implements Target {
  private final WorkflowClient client;
  private final WorkerFactory factory;
  private final FloorActivitiesImpl activities = new FloorActivitiesImpl();
  private final Map<String, Long> capturedAtMicros = new ConcurrentHashMap<>();
  private final long latePaymentWindowMillis;

  FloorTarget(WorkflowClient client, Duration latePaymentWindow) {
    this.client = client;
    this.latePaymentWindowMillis = latePaymentWindow.toMillis();
    this.factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(FloorWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(FloorWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities);
    factory.start();
  }

  @Override
  public String name() {
    return "floor";
  }

  @Override
  public int queriesPerRepeatCheckout() {
    return 1;
  }

  @Override
  public void checkout(String orderId, boolean repeat) throws Exception {
    long now = System.currentTimeMillis();
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(orderId)
            .setTaskQueue(FloorWorkflow.TASK_QUEUE)
            .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
            .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setTypedSearchAttributes(
                SearchAttributes.newBuilder()
                    .set(FloorWorkflow.CUSTOMER_ID, "bench-customer")
                    .set(FloorWorkflow.ORDER_STATUS, "AWAITING_PAYMENT")
                    .build())
            .build();
    FloorWorkflow workflow = client.newWorkflowStub(FloorWorkflow.class, options);
    try {
      WorkflowClient.start(
          workflow::run,
          new FloorWorkflow.Order(
              orderId, 1000, now + Duration.ofMinutes(15).toMillis(), 15_000, latePaymentWindowMillis));
      if (repeat) {
        throw new Unexpected("floor repeat started a second workflow", orderId);
      }
    } catch (WorkflowExecutionAlreadyStarted e) {
      if (!repeat) {
        throw new Unexpected("floor checkout already started", orderId);
      }
      client.newWorkflowStub(FloorWorkflow.class, orderId).view(); // payonce answers with a query
    }
  }

  @Override
  public String pay(String orderId, String channel) {
    return client.newWorkflowStub(FloorWorkflow.class, orderId).pay(channel);
  }

  @Override
  public void customerPays(String orderId, String channel, String attemptId) {
    capturedAtMicros.put(orderId, FloorActivitiesImpl.nowMicros());
    client.newWorkflowStub(FloorWorkflow.class, orderId).channelEvent(attemptId);
  }

  @Override
  public void refund(String orderId, String refundId, long amountMinor) throws Exception {
    try {
      client.newWorkflowStub(FloorWorkflow.class, orderId).refund(amountMinor);
    } catch (WorkflowUpdateException e) {
      if (e.getCause() instanceof ApplicationFailure f
          && ("REFUND_NOT_ALLOWED".equals(f.getType()) || f.getOriginalMessage().startsWith("REFUND_NOT_ALLOWED"))) {
        throw new NotYetPaid(f.getOriginalMessage());
      }
      if (String.valueOf(e.getCause()).contains("REFUND_NOT_ALLOWED")) {
        throw new NotYetPaid(String.valueOf(e.getCause()));
      }
      throw e;
    }
  }

  @Override
  public Map<String, long[]> settleMicros(
      Collection<String> paidOrders, Collection<String> excludeOrders, Duration drain,
      Metrics metrics) throws Exception {
    long deadline = System.nanoTime() + drain.toNanos();
    Set<String> excluded = new HashSet<>(excludeOrders);
    while (System.nanoTime() < deadline
        && paidOrders.stream().anyMatch(o -> activities.paidRecordedAt(o) == null)) {
      Thread.sleep(200);
    }
    Map<String, long[]> out = new HashMap<>();
    for (String order : paidOrders) {
      Long recorded = activities.paidRecordedAt(order);
      Long captured = capturedAtMicros.get(order);
      if (recorded == null || captured == null) {
        metrics.error("not settled within drain", order);
      } else if (excluded.contains(order)) {
        metrics.settleExcluded.incrementAndGet(); // same rule as payonce's, for comparable samples
      } else {
        out.put(order, new long[] {recorded - captured, recorded});
      }
    }
    return out;
  }

  @Override
  public Long capturedAtMicros(String orderId) {
    return capturedAtMicros.get(orderId);
  }

  @Override
  public void close() {
    factory.shutdown();
  }
}
