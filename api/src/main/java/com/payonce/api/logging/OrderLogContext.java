package com.payonce.api.logging;

import com.payonce.api.orders.FieldPatterns;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The order id of an {@code /api/v1/orders/{orderId}/...} call in the MDC of the thread serving it
 * ({@code orderId} and {@code workflowId}: an order's workflow id is its order id), so every line
 * logged for the call carries it. A path segment that is not a valid order id is left out.
 */
@Component
class OrderLogContext extends OncePerRequestFilter {
  private static final Pattern ORDER_PATH = Pattern.compile("^/api/v1/orders/([^/]+)(/.*)?$");

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Matcher order = ORDER_PATH.matcher(request.getRequestURI());
    if (!order.matches() || !order.group(1).matches(FieldPatterns.ID)) {
      chain.doFilter(request, response);
      return;
    }
    String orderId = order.group(1);
    try (LogContext ignored =
        LogContext.of(Map.of(LogContext.ORDER_ID, orderId, LogContext.WORKFLOW_ID, orderId))) {
      chain.doFilter(request, response);
    }
  }
}
