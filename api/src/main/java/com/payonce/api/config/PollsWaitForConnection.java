package com.payonce.api.config;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.util.Set;

/**
 * gRPC wait-for-ready on the worker's long polls: while the channel cannot connect they are queued
 * until it is READY (or their 70 s deadline passes) instead of failing at once with UNAVAILABLE,
 * which would grow the SDK's poll backoff. Nothing else is changed.
 */
final class PollsWaitForConnection implements ClientInterceptor {
  static final Set<String> POLLS =
      Set.of(
          WorkflowServiceGrpc.getPollWorkflowTaskQueueMethod().getFullMethodName(),
          WorkflowServiceGrpc.getPollActivityTaskQueueMethod().getFullMethodName(),
          WorkflowServiceGrpc.getPollNexusTaskQueueMethod().getFullMethodName());

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(
      MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    return next.newCall(
        method, POLLS.contains(method.getFullMethodName()) ? options.withWaitForReady() : options);
  }
}
