package com.payonce.api.docs;

import com.payonce.workflows.money.Money;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A checkout's amount and currency as JSON Schema says them exactly as payonce checks them: the
 * currency one of the ISO 4217 codes payments use, the amount positive, at most {@link
 * Money#MAX_MAJOR} units and with no more significant decimals than the currency has (trailing
 * zeros allowed, up to four decimals in all). One {@code oneOf} branch per number of decimals, so a
 * generator (schemathesis) makes only amounts payonce accepts, and every other one is invalid.
 */
final class CheckoutAmounts {
  private static final int MAX_DECIMALS = 4;

  private CheckoutAmounts() {}

  /** Currency codes by their number of decimals (JPY 0, CNY 2, KWD 3, CLF 4). */
  static Map<Integer, TreeSet<String>> currencies() {
    Map<Integer, TreeSet<String>> byDecimals = new TreeMap<>();
    for (Currency currency : Currency.getAvailableCurrencies()) {
      int decimals = currency.getDefaultFractionDigits();
      if (decimals >= 0 && decimals <= MAX_DECIMALS) {
        byDecimals.computeIfAbsent(decimals, d -> new TreeSet<>()).add(currency.getCurrencyCode());
      }
    }
    return byDecimals;
  }

  /** One branch per currency group: {currency: enum, amount: pattern}. */
  @SuppressWarnings("rawtypes") // Schema#setOneOf takes a List<Schema>
  static List<Schema> branches() {
    List<Schema> branches = new ArrayList<>();
    currencies()
        .forEach(
            (decimals, codes) ->
                branches.add(
                    new ObjectSchema()
                        .addProperty("currency", new StringSchema()._enum(List.copyOf(codes)))
                        .addProperty("amount", new StringSchema().pattern(amount(decimals)))));
    return branches;
  }

  /** Positive, at most MAX_MAJOR units, at most {@code decimals} significant decimals. */
  static String amount(int decimals) {
    long max = Money.MAX_MAJOR;
    String integer = "[1-9][0-9]{0," + (Long.toString(max).length() - 2) + "}";
    String zeros = "(?:[.]0{1," + MAX_DECIMALS + "})?";
    if (decimals == 0) {
      return "^(?:" + integer + "|" + max + ")" + zeros + "$";
    }
    String trailing = decimals == MAX_DECIMALS ? "" : "0{0," + (MAX_DECIMALS - decimals) + "}";
    String fraction = "[0-9]{1," + decimals + "}" + trailing;
    StringBuilder nonZero = new StringBuilder();
    for (int leadingZeros = 0; leadingZeros < decimals; leadingZeros++) {
      if (leadingZeros > 0) {
        nonZero.append('|');
      }
      nonZero.append("0".repeat(leadingZeros)).append("[1-9]");
      int more = decimals - leadingZeros - 1;
      if (more > 0) {
        nonZero.append("[0-9]{0,").append(more).append('}');
      }
      nonZero.append(trailing);
    }
    return "^(?:"
        + integer
        + "(?:[.]"
        + fraction
        + ")?|"
        + max
        + zeros
        + "|0[.](?:"
        + nonZero
        + "))$";
  }
}
