package com.payonce.sandbox.channel;

import java.util.regex.Pattern;

/**
 * The merchant's keys (merchantOrderNo, refundNo). They travel as URL path segments, so the
 * alphabet is kept to characters that need no escaping; 64 is Alipay's limit for out_trade_no.
 */
final class Identifiers {

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:|*-]{1,64}");

  private Identifiers() {}

  static String require(String value, String field) {
    if (value == null || value.isBlank()) {
      throw SandboxException.invalid(field + " is required");
    }
    if (!KEY.matcher(value).matches()) {
      throw SandboxException.invalid(
          field + " must be 1 to 64 characters of A-Z a-z 0-9 _ . : | * -");
    }
    return value;
  }
}
