package com.payonce.workflows.order;

public enum RefundKind {
  /** Asked for by the shop through the API. */
  REQUESTED,
  /** Made by payonce for a payment it does not keep (duplicate, late, wrong amount, orphan). */
  AUTOMATIC
}
