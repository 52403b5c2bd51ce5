package com.payonce.sandbox.channel;

import java.math.BigInteger;

/**
 * The PSP's fee in integer minor units: a rate in basis points of the capture, rounded half up; a
 * refund gives back the same share of the capture's fee as it gives back of the capture.
 */
public final class BillFees {

  private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);

  private BillFees() {}

  public static long onCapture(long captured, int basisPoints) {
    return roundedHalfUp(
        BigInteger.valueOf(captured).multiply(BigInteger.valueOf(basisPoints)), TEN_THOUSAND);
  }

  /** Negative (or zero): what a refund of {@code refunded} out of {@code captured} gives back. */
  public static long onRefund(long refunded, long captured, int basisPoints) {
    if (captured == 0) {
      return 0;
    }
    long captureFee = onCapture(captured, basisPoints);
    return -roundedHalfUp(
        BigInteger.valueOf(captureFee).multiply(BigInteger.valueOf(refunded)),
        BigInteger.valueOf(captured));
  }

  /** Non-negative operands only: (2n + d) / 2d is n / d rounded half up. */
  private static long roundedHalfUp(BigInteger numerator, BigInteger denominator) {
    return numerator
        .shiftLeft(1)
        .add(denominator)
        .divide(denominator.shiftLeft(1))
        .longValueExact();
  }
}
