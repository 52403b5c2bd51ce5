package com.payonce.api.orders;

/**
 * The shapes of request fields, shared by Bean Validation and the OpenAPI description. Order and
 * refund ids: they become workflow ids and URL path segments, so at least one letter or digit ("."
 * and ".." would be path navigation).
 */
public final class FieldPatterns {
  public static final String ID = "^(?=.*[A-Za-z0-9])[A-Za-z0-9._:-]{1,64}$";
  public static final String ID_RULE =
      "must match [A-Za-z0-9._:-]{1,64} with at least one letter or digit";

  /**
   * An amount as a decimal string, before its currency's rules (Money): no leading zeros, at most
   * four decimals. Anchored, as a JSON Schema pattern must be to mean the same as here.
   */
  static final String AMOUNT = "^(0|[1-9][0-9]{0,8})([.][0-9]{1,4})?$";

  /**
   * Text a person typed: no control characters ({@code \\p{Cntrl}}, spelt so JSON Schema reads it).
   */
  public static final String PRINTABLE_128 = "^[^\\x00-\\x1F\\x7F]{1,128}$";

  static final String PRINTABLE_256 = "^[^\\x00-\\x1F\\x7F]{0,256}$";

  /**
   * A refund's amount: positive, at most 100,000,000 units, at most four significant decimals (the
   * order's currency may allow fewer: that is a 409). {@code CheckoutAmounts} makes the same rule
   * per currency; a test keeps the two equal.
   */
  public static final String POSITIVE_AMOUNT =
      "^(?:[1-9][0-9]{0,7}(?:[.][0-9]{1,4})?|100000000(?:[.]0{1,4})?"
          + "|0[.](?:[1-9][0-9]{0,3}|0[1-9][0-9]{0,2}|00[1-9][0-9]{0,1}|000[1-9]))$";

  private FieldPatterns() {}
}
