package com.payonce.api.problems;

import org.springframework.http.HttpHeaders;

/** Thrown anywhere in the web layer to answer with a problem; the detail is shown to the client. */
public class ApiProblem extends RuntimeException {
  private final Problem problem;
  private final HttpHeaders headers;

  public ApiProblem(Problem problem, String detail) {
    this(problem, detail, HttpHeaders.EMPTY);
  }

  /** A problem answered with these headers too (Retry-After, say). */
  public ApiProblem(Problem problem, String detail, HttpHeaders headers) {
    super(detail);
    this.problem = problem;
    this.headers = headers;
  }

  public Problem problem() {
    return problem;
  }

  HttpHeaders headers() {
    return headers;
  }
}
