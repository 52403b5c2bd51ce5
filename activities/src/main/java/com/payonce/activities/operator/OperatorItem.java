package com.payonce.activities.operator;

import com.payonce.workflows.operator.OperatorReason;
import java.time.Instant;
import java.util.List;

/** One situation in the operator queue, with what was done about it (oldest first). */
public record OperatorItem(
    long itemId,
    String itemKey,
    OperatorReason reason,
    Status status,
    String orderId,
    String channel,
    String attemptId,
    String refundNo,
    String detail,
    Instant createdAt,
    Instant updatedAt,
    List<Action> actions) {

  /** RETRYING while payonce tries again for an operator: nobody resolves it meanwhile. */
  public enum Status {
    OPEN,
    RETRYING,
    RESOLVED
  }

  /**
   * CREATED by payonce; RESOLVED or RETRIED by an operator; RESOLVED or REOPENED by payonce when a
   * retry ends.
   */
  public record Action(String action, String actor, String note, Instant at) {}

  public OperatorItem {
    actions = List.copyOf(actions);
  }

  /** How many retries were asked: each retry of a refund gives the channel a fresh number. */
  public int retries() {
    return (int) actions.stream().filter(a -> a.action().equals("RETRIED")).count();
  }
}
