package com.payonce.api.problems;

/** Thrown anywhere in the web layer to answer with a problem; the detail is shown to the client. */
public class ApiProblem extends RuntimeException {
  private final Problem problem;

  public ApiProblem(Problem problem, String detail) {
    super(detail);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
