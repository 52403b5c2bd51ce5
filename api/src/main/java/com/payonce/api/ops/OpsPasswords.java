package com.payonce.api.ops;

import java.util.regex.Pattern;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The operator's password as configured: a bcrypt hash ({@code {bcrypt}$2a$...}, made with {@code
 * htpasswd -bnBC 12 "" 'the password' | cut -c2-}, say) is kept as it is; anything else is the
 * password itself, hashed here at start so that only the hash stays in memory.
 */
public final class OpsPasswords {
  public static final String BCRYPT = "{bcrypt}";

  private static final Pattern BCRYPT_HASH =
      Pattern.compile("\\{bcrypt}\\$2[aby]?\\$\\d\\d\\$[./0-9A-Za-z]{53}");

  private OpsPasswords() {}

  /** What Spring Security's delegating encoder checks a typed password against. */
  static String hashOf(String configured) {
    return isHash(configured)
        ? configured
        : BCRYPT + new BCryptPasswordEncoder().encode(configured);
  }

  /** Reads every {@code {id}} hash Spring Security knows; only bcrypt ones are ever configured. */
  static PasswordEncoder encoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  public static boolean isHash(String configured) {
    return configured != null && configured.startsWith(BCRYPT);
  }

  public static boolean isWellFormedHash(String configured) {
    return configured != null && BCRYPT_HASH.matcher(configured).matches();
  }

  /** Whether {@code configured} (a password or its hash) lets {@code password} in. */
  public static boolean admits(String configured, String password) {
    if (!isHash(configured)) {
      return password.equals(configured);
    }
    return isWellFormedHash(configured)
        && new BCryptPasswordEncoder().matches(password, configured.substring(BCRYPT.length()));
  }
}
