package com.payonce.api.ops;

import com.payonce.api.problems.ApiProblem;
import jakarta.validation.ConstraintViolationException;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * The console's failures as pages, never the API's problem+json: hostile or mistyped input is a 400
 * that says what was wrong, an unknown id a 404, anything else a 500 that names nothing (it is
 * logged). Ahead of the API's advice, and only for the console's controllers.
 */
@ControllerAdvice(basePackageClasses = OpsProblemPages.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class OpsProblemPages {
  private static final Logger log = LoggerFactory.getLogger(OpsProblemPages.class);

  @ExceptionHandler(OpsProblem.class)
  ModelAndView problem(OpsProblem e) {
    return page(e.status(), e.getMessage());
  }

  /** What the API's services refuse (an item already resolved, say), with its status. */
  @ExceptionHandler(ApiProblem.class)
  ModelAndView apiProblem(ApiProblem e) {
    return page(e.problem().status(), e.getMessage());
  }

  @ExceptionHandler({
    MethodArgumentTypeMismatchException.class,
    MissingServletRequestParameterException.class,
    HandlerMethodValidationException.class,
    ConstraintViolationException.class,
    // a query string Tomcat cannot parse (a broken escape), met when a parameter is read
    InvalidParameterException.class
  })
  ModelAndView badInput(Exception e) {
    return page(HttpStatus.BAD_REQUEST, "the request's parameters are not valid");
  }

  @ExceptionHandler(Exception.class)
  ModelAndView unexpected(Exception e) {
    log.error("ops console page failed", e);
    return page(HttpStatus.INTERNAL_SERVER_ERROR, "something went wrong; it was logged");
  }

  private static ModelAndView page(HttpStatusCode status, String message) {
    HttpStatus known = HttpStatus.resolve(status.value());
    return new ModelAndView(
        "ops/problem",
        Map.of(
            "status",
            status.value(),
            "title",
            known == null ? "Error" : known.getReasonPhrase(),
            "message",
            message),
        status);
  }
}
