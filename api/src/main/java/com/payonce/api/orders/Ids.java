package com.payonce.api.orders;

/**
 * The shape of order and refund ids: they become workflow ids and URL path segments, so at least
 * one letter or digit ("." and ".." would be path navigation).
 */
public final class Ids {
  public static final String ID = "(?=.*[A-Za-z0-9])[A-Za-z0-9._:-]{1,64}";
  static final String ID_RULE =
      "must match [A-Za-z0-9._:-]{1,64} with at least one letter or digit";

  private Ids() {}
}
