package com.payonce.api.ops;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall (no ";", "%2F", "//", "..", non-ASCII in the raw path) on every
 * request that could reach the console, and none on the others: the API, webhooks, the cashier page
 * and the sandbox answered odd paths long before Spring Security came, and their tests and the API
 * fuzz pin those answers. "Could reach" is judged on the raw URI and on the path the container
 * decoded and normalised, case-blind, so no spelling of /ops skips it.
 */
final class OpsOnlyFirewall implements HttpFirewall {
  private final StrictHttpFirewall strict = new StrictHttpFirewall();

  @Override
  public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
    if (mayReachConsole(request)) {
      return strict.getFirewalledRequest(request);
    }
    return new FirewalledRequest(request) {
      @Override
      public void reset() {}
    };
  }

  @Override
  public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
    return strict.getFirewalledResponse(response);
  }

  static boolean mayReachConsole(HttpServletRequest request) {
    String decoded =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    return mentionsConsole(request.getRequestURI()) || mentionsConsole(decoded);
  }

  private static boolean mentionsConsole(String path) {
    return path != null && path.toLowerCase(Locale.ROOT).contains("/ops");
  }
}
