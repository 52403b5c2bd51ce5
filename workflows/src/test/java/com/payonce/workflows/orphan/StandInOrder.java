package com.payonce.workflows.orphan;

import com.payonce.workflows.order.ChannelEvent;
import com.payonce.workflows.order.OrderPaymentWorkflow;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.ArrayList;
import java.util.List;

/**
 * Stands in for a running order workflow: takes channel events under the order's signal name and
 * shows what it got. The orphan only signals it by workflow id, whatever its type.
 */
@WorkflowInterface
public interface StandInOrder {

  @WorkflowMethod
  void run();

  @SignalMethod(name = OrderPaymentWorkflow.CHANNEL_EVENT)
  void channelEvent(ChannelEvent event);

  @SignalMethod
  void finish();

  @QueryMethod
  List<ChannelEvent> events();

  class Impl implements StandInOrder {
    private final List<ChannelEvent> events = new ArrayList<>();
    private boolean finished;

    @Override
    public void run() {
      Workflow.await(() -> finished);
    }

    @Override
    public void channelEvent(ChannelEvent event) {
      events.add(event);
    }

    @Override
    public void finish() {
      finished = true;
    }

    @Override
    public List<ChannelEvent> events() {
      return events;
    }
  }
}
