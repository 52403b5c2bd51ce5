package com.payonce.api.security;

import com.payonce.api.config.PayonceProperties;
import com.payonce.api.problems.Problem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every /api call carries {@code Authorization: Bearer <key>}. Compared in constant time; the key
 * itself is never logged.
 */
public class ApiKeyFilter extends OncePerRequestFilter {
  private final byte[] expected;

  public ApiKeyFilter(PayonceProperties properties) {
    this.expected = ("Bearer " + properties.apiKey()).getBytes(StandardCharsets.UTF_8);
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
    Problem problem = Problem.UNAUTHORIZED;
    response.setStatus(problem.status().value());
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response
        .getWriter()
        .write(
            """
            {"type":"%s","title":"%s","status":%d,"detail":"send Authorization: Bearer <API key>"}"""
                .formatted(problem.type(), problem.title(), problem.status().value()));
  }
}
