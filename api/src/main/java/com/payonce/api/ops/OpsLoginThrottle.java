package com.payonce.api.ops;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.stereotype.Component;

/**
 * The console's logins: the operator account from configuration, behind a token bucket of failed
 * logins per account (Bucket4j, in PostgreSQL like the API's rate limits, so every instance counts
 * against the same one). Each login takes a token first and a success gives it back, so parallel
 * guesses cannot slip past the count; an empty bucket refuses every login, the right password
 * included, until it refills. Names that are not the operator's share one bucket of their own: a
 * flood of made-up names neither locks the operator out nor fills the table with rows.
 */
@Component
@ConditionalOnBooleanProperty(name = "payonce.ops.enabled", matchIfMissing = true)
class OpsLoginThrottle implements AuthenticationProvider {
  private static final Logger log = LoggerFactory.getLogger(OpsLoginThrottle.class);

  static final String OPERATOR_BUCKET = "ops-login:operator";
  static final String OTHER_BUCKET = "ops-login:other";

  private final DaoAuthenticationProvider passwords;
  private final ProxyManager<String> buckets;
  private final String username;
  private final BucketConfiguration failures;
  private final long version;

  OpsLoginThrottle(OpsProperties properties, ProxyManager<String> buckets) {
    this.username = properties.username();
    this.buckets = buckets;
    String password = properties.password();
    // no password, no account: an empty one must never let an empty field in
    List<UserDetails> accounts =
        password == null || password.isBlank()
            ? List.of()
            : List.of(
                User.withUsername(username)
                    .password(OpsPasswords.hashOf(password))
                    .roles("OPERATOR")
                    .build());
    this.passwords = new DaoAuthenticationProvider(new InMemoryUserDetailsManager(accounts));
    this.passwords.setPasswordEncoder(OpsPasswords.encoder());
    long calls = properties.loginFailures();
    this.failures =
        BucketConfiguration.builder()
            .addLimit(l -> l.capacity(calls).refillGreedy(calls, properties.loginLockout()))
            .build();
    this.version =
        Math.abs((long) Objects.hash(calls, properties.loginLockout().toNanos(), "ops-login"));
  }

  @Override
  public Authentication authenticate(Authentication login) throws AuthenticationException {
    boolean operator = username.equals(login.getName());
    BucketProxy bucket =
        buckets
            .builder()
            .withImplicitConfigurationReplacement(version, TokensInheritanceStrategy.PROPORTIONALLY)
            .build(operator ? OPERATOR_BUCKET : OTHER_BUCKET, () -> failures);
    if (!bucket.tryConsume(1)) {
      log.warn(
          "ops console login refused: too many failed logins for {}",
          operator ? "the operator account" : "other names");
      throw new LockedException("too many failed logins; try again later");
    }
    Authentication authenticated = passwords.authenticate(login);
    bucket.addTokens(1);
    return authenticated;
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
