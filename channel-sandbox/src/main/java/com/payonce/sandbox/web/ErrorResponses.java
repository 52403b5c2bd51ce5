package com.payonce.sandbox.web;

import com.payonce.sandbox.channel.ErrorCode;
import com.payonce.sandbox.channel.SandboxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/** Turns whatever a handler threw into {@code {"code","message"}}, so clients always get JSON. */
final class ErrorResponses {

  private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

  private ErrorResponses() {}

  static ServerResponse toResponse(Throwable error, ServerRequest request) {
    if (error instanceof SandboxException refusal) {
      return JsonExchange.respond(
          refusal.httpStatus(), new ErrorBody(refusal.code().name(), refusal.getMessage()));
    }
    log.error("Sandbox failed on {} {}", request.method(), request.path(), error);
    return JsonExchange.respond(
        ErrorCode.INTERNAL_ERROR.httpStatus(),
        new ErrorBody(ErrorCode.INTERNAL_ERROR.name(), "the sandbox failed; see its log"));
  }
}
