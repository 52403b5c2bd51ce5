package com.payonce.api.logging;

import com.payonce.workflows.order.OrderPaymentWorkflow;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Puts the order's ids in the MDC of every worker thread, as {@link OrderLogContext} does on API
 * threads: {@code workflowId}, {@code orderId} (an order's workflow id is its order id) and, on
 * activity threads, the {@code attemptId} the activity works on. Only logging changes: nothing here
 * touches a workflow's history.
 */
@Component
class WorkerLogContext extends WorkerInterceptorBase {

  @Override
  public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
    return new WorkflowInboundCallsInterceptorBase(next) {
      @Override
      public Object newWorkflowMethodThread(Runnable runnable, String name) {
        return super.newWorkflowMethodThread(withIds(runnable), name);
      }

      @Override
      public Object newCallbackThread(Runnable runnable, String name) {
        return super.newCallbackThread(withIds(runnable), name);
      }
    };
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private ActivityInfo info;

      @Override
      public void init(ActivityExecutionContext context) {
        info = context.getInfo();
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        Map<String, String> ids = ids(info.getWorkflowId(), info.getWorkflowType());
        Arrays.stream(input.getArguments()).forEach(argument -> idsOf(argument, ids));
        try (LogContext ignored = LogContext.of(ids)) {
          return super.execute(input);
        }
      }
    };
  }

  /** A workflow thread's runnable, with the workflow's ids in its MDC while it runs. */
  private static Runnable withIds(Runnable runnable) {
    return () -> {
      WorkflowInfo info = Workflow.getInfo();
      try (LogContext ignored = LogContext.of(ids(info.getWorkflowId(), info.getWorkflowType()))) {
        runnable.run();
      }
    };
  }

  private static Map<String, String> ids(String workflowId, String workflowType) {
    Map<String, String> ids = new LinkedHashMap<>();
    ids.put(LogContext.WORKFLOW_ID, workflowId);
    if (OrderPaymentWorkflow.WORKFLOW_TYPE.equals(workflowType)) {
      ids.put(LogContext.ORDER_ID, workflowId);
    }
    return ids;
  }

  /** An activity argument's attemptId and orderId, when it is a record that has them. */
  private static void idsOf(Object argument, Map<String, String> ids) {
    if (argument == null || !argument.getClass().isRecord()) {
      return;
    }
    for (RecordComponent component : argument.getClass().getRecordComponents()) {
      String name = component.getName();
      if (name.equals(LogContext.ATTEMPT_ID) || name.equals(LogContext.ORDER_ID)) {
        try {
          Object value = component.getAccessor().invoke(argument);
          if (value != null) {
            ids.putIfAbsent(name, value.toString());
          }
        } catch (ReflectiveOperationException e) {
          // a record's public accessor: not expected; the line is logged without this id
        }
      }
    }
  }
}
