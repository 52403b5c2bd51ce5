package com.payonce.api.ops;

import org.springframework.http.HttpStatus;

/** A console request that cannot be served as asked: a friendly page with this status. */
class OpsProblem extends RuntimeException {
  private final HttpStatus status;

  OpsProblem(HttpStatus status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  static OpsProblem badRequest(String message) {
    return new OpsProblem(HttpStatus.BAD_REQUEST, message);
  }

  static OpsProblem notFound(String message) {
    return new OpsProblem(HttpStatus.NOT_FOUND, message);
  }

  HttpStatus status() {
    return status;
  }
}
