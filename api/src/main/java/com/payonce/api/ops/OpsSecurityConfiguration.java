package com.payonce.api.ops;

import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Two filter chains. The console's ({@code /ops/**}): form login, a session, CSRF on every POST,
 * logout, and headers like the cashier page's. Everyone else's: exactly what the app did before
 * Spring Security was on the classpath, every request let through to the filters that guard it (the
 * API key on /api, signatures on /webhooks, client secrets on /pay and the event streams), no CSRF
 * (no cookie authenticates those calls), no session, no headers of its own (they would make the
 * cashier's scripts uncacheable and override what the cashier sets itself).
 */
@Configuration(proxyBeanMethods = false)
class OpsSecurityConfiguration {
  static final String LOGIN = "/ops/login";

  /** As the cashier's, except that forms post to the console itself. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
          + " connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  @Bean
  @Order(1)
  @ConditionalOnBooleanProperty(name = "payonce.ops.enabled", matchIfMissing = true)
  SecurityFilterChain opsConsoleChain(HttpSecurity http, OpsLoginThrottle logins) throws Exception {
    ExceptionMappingAuthenticationFailureHandler failures =
        new ExceptionMappingAuthenticationFailureHandler();
    failures.setDefaultFailureUrl(LOGIN + "?error");
    failures.setExceptionMappings(Map.of(LockedException.class.getName(), LOGIN + "?locked"));
    http.securityMatcher("/ops/**")
        // its own manager, no parent: a parent holding the same provider would count a failure
        // twice
        .authenticationManager(new ProviderManager(logins))
        .authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers(LOGIN, "/ops/ops.css")
                    .permitAll()
                    .anyRequest()
                    .hasRole("OPERATOR"))
        .formLogin(
            form ->
                form.loginPage(LOGIN)
                    .loginProcessingUrl(LOGIN)
                    .defaultSuccessUrl("/ops/orders")
                    .failureHandler(failures))
        .logout(logout -> logout.logoutUrl("/ops/logout").logoutSuccessUrl(LOGIN + "?logout"))
        .headers(
            headers ->
                headers
                    .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                    .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                    .frameOptions(frames -> frames.deny()));
    return http.build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain everythingElseChain(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
        .csrf(csrf -> csrf.disable())
        .headers(headers -> headers.disable())
        .sessionManagement(
            sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(cache -> cache.disable())
        .servletApi(servletApi -> servletApi.disable())
        .logout(logout -> logout.disable());
    return http.build();
  }

  @Bean
  WebSecurityCustomizer opsOnlyFirewall() {
    return web -> web.httpFirewall(new OpsOnlyFirewall());
  }
}
