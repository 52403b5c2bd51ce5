package com.payonce.api.security;

import com.payonce.api.cashier.ClientSecrets;
import com.payonce.api.config.PayonceProperties;
import com.payonce.api.problems.Problem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Every /api call carries {@code Authorization: Bearer <key>}, compared in constant time and never
 * logged. The customer's page holds an order's client secret instead ({@code ?clientSecret=}, the
 * only way an EventSource can send one): it reads that order, follows its events and pays it.
 */
public class ApiKeyFilter extends OncePerRequestFilter {
  /** The raw URI, so an encoded or decorated path (";", "%2F") is simply not a customer path. */
  private static final Pattern CUSTOMER_READ =
      Pattern.compile("/api/v1/orders/([A-Za-z0-9._:-]{1,64})(?:/events)?");

  private static final Pattern CUSTOMER_PAY =
      Pattern.compile("/api/v1/orders/([A-Za-z0-9._:-]{1,64})/payments");

  /** Request attribute set when the caller holds a client secret, not the API key. */
  public static final String CUSTOMER = "payonce.customer";

  private final byte[] expected;
  private final ClientSecrets clientSecrets;

  public ApiKeyFilter(PayonceProperties properties, ClientSecrets clientSecrets) {
    this.expected = ("Bearer " + properties.apiKey()).getBytes(StandardCharsets.UTF_8);
    this.clientSecrets = clientSecrets;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null
        && MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8))) {
      chain.doFilter(request, response);
      return;
    }
    if (header == null && customerMayCall(request)) {
      request.setAttribute(CUSTOMER, Boolean.TRUE);
      chain.doFilter(request, response);
      return;
    }
    Problem problem = Problem.UNAUTHORIZED;
    response.setStatus(problem.status().value());
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response
        .getWriter()
        .write(
            """
            {"type":"%s","title":"%s","status":%d,"detail":"send Authorization: Bearer <API key>, or the order's clientSecret"}\
            """
                .formatted(problem.type(), problem.title(), problem.status().value()));
  }

  private boolean customerMayCall(HttpServletRequest request) {
    // the query string only, raw: a form body is not where a secret is looked for
    String secret =
        UriComponentsBuilder.newInstance()
            .query(request.getQueryString())
            .build()
            .getQueryParams()
            .getFirst("clientSecret");
    if (secret == null) {
      return false;
    }
    Pattern allowed =
        switch (request.getMethod()) {
          case "GET" -> CUSTOMER_READ;
          case "POST" -> CUSTOMER_PAY;
          default -> null;
        };
    if (allowed == null) {
      return false;
    }
    Matcher path = allowed.matcher(request.getRequestURI());
    return path.matches() && clientSecrets.matches(path.group(1), secret);
  }
}
