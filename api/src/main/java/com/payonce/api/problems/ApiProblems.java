package com.payonce.api.problems;

import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure into problem+json with a stable type. Workflow outcomes map by their failure
 * type; nothing unexpected leaks its exception text to the client.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

  static ProblemDetail detail(Problem problem, String detail) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(problem.status(), detail);
    body.setType(problem.type());
    body.setTitle(problem.title());
    return body;
  }

  @ExceptionHandler(ApiProblem.class)
  ResponseEntity<ProblemDetail> apiProblem(ApiProblem e) {
    return ResponseEntity.status(e.problem().status())
        .headers(e.headers())
        .body(detail(e.problem(), e.getMessage()));
  }

  /** An update the workflow refused (validator) or failed (handler), by its failure type. */
  @ExceptionHandler(WorkflowUpdateException.class)
  ResponseEntity<ProblemDetail> updateFailed(WorkflowUpdateException e) {
    Throwable cause = e.getCause();
    if (cause instanceof ApplicationFailure failure) {
      // "TYPE: detail": the type survives in the message where SDK 1.38.0 drops it (validators)
      String message = failure.getOriginalMessage();
      int colon = message.indexOf(": ");
      Problem prefixed = colon > 0 ? byName(message.substring(0, colon)) : null;
      Problem problem = prefixed != null ? prefixed : byName(failure.getType());
      if (problem != null) {
        return respond(problem, prefixed != null ? message.substring(colon + 2) : message);
      }
    }
    log.error("update on {} failed unexpectedly", e.getExecution().getWorkflowId(), e);
    return respond(Problem.INTERNAL_ERROR, "the order could not be changed; it was logged");
  }

  /** The order's workflow has finished: the order is settled and accepts no more changes. */
  @ExceptionHandler(WorkflowNotFoundException.class)
  ResponseEntity<ProblemDetail> workflowClosed(WorkflowNotFoundException e) {
    return respond(Problem.ORDER_CLOSED, "the order is settled and its workflow has finished");
  }

  @ExceptionHandler(WorkflowServiceException.class)
  ResponseEntity<ProblemDetail> temporalUnavailable(WorkflowServiceException e) {
    log.warn("Temporal call failed", e);
    return respond(Problem.TEMPORAL_UNAVAILABLE, "try again shortly");
  }

  /**
   * A request that says it is multipart but cannot be read as such (a {@code multipart/*}
   * Content-Type without a boundary): the servlet container fails to parse it before any handler
   * runs. The client's mistake, so 400, not the 500 of {@link #unexpected}. (Too large a multipart
   * body, MaxUploadSizeExceededException, stays the base class's 413.)
   */
  @ExceptionHandler(MultipartException.class)
  ResponseEntity<ProblemDetail> unreadableMultipart(MultipartException e) {
    return respond(
        Problem.INVALID_REQUEST, "the request claims a multipart body that cannot be read");
  }

  /**
   * A query string Tomcat cannot parse ({@code ?=value}, a broken escape), met when a handler reads
   * a parameter: the client's mistake, so 400.
   */
  @ExceptionHandler(InvalidParameterException.class)
  ResponseEntity<ProblemDetail> unparsableQuery(InvalidParameterException e) {
    return respond(Problem.INVALID_REQUEST, "the query string cannot be parsed");
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    log.error("unexpected error", e);
    return respond(Problem.INTERNAL_ERROR, "unexpected error; it was logged");
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Map<String, String>> errors =
        e.getBindingResult().getFieldErrors().stream()
            .map(f -> Map.of("field", f.getField(), "message", message(f)))
            .toList();
    ProblemDetail body = detail(Problem.INVALID_REQUEST, "some fields are not valid");
    body.setProperty("errors", errors);
    return ResponseEntity.status(body.getStatus()).body(body);
  }

  /** Spring MVC's own errors (unreadable JSON, wrong method, ...) get a stable type too. */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    Problem problem =
        switch (status.value()) {
          case 400 -> Problem.INVALID_REQUEST;
          case 404 -> Problem.NOT_FOUND;
          case 405 -> Problem.METHOD_NOT_ALLOWED;
          case 413 -> Problem.PAYLOAD_TOO_LARGE;
          case 415 -> Problem.UNSUPPORTED_MEDIA_TYPE;
          default -> null;
        };
    if (problem != null) {
      String detail =
          body instanceof ProblemDetail existing && existing.getDetail() != null
              ? existing.getDetail()
              : problem.title();
      if (e instanceof org.springframework.http.converter.HttpMessageNotReadableException) {
        detail = "the body is not readable JSON of the expected shape";
      }
      body = detail(problem, detail);
    }
    return super.handleExceptionInternal(e, body, headers, status, request);
  }

  private static String message(FieldError error) {
    return error.getDefaultMessage() == null ? "is not valid" : error.getDefaultMessage();
  }

  private static Problem byName(String type) {
    return Arrays.stream(Problem.values())
        .filter(p -> p.name().equals(type))
        .findFirst()
        .orElse(null);
  }

  private static ResponseEntity<ProblemDetail> respond(Problem problem, String detail) {
    // no Retry-After on 429 pay-limit-reached: the cap is the order's for good, waiting changes
    // nothing
    return ResponseEntity.status(problem.status()).body(detail(problem, detail));
  }
}
