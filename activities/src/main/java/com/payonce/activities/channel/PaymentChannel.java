package com.payonce.activities.channel;

import com.payonce.workflows.channel.ChannelOrder;
import com.payonce.workflows.channel.ChannelPayment;
import com.payonce.workflows.channel.ChannelRefundStatus;
import com.payonce.workflows.channel.CloseResult;
import com.payonce.workflows.channel.CreatePayment;
import com.payonce.workflows.channel.RefundPayment;
import com.payonce.workflows.money.Money;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/**
 * One payment service provider as payonce needs it. Implementations throw {@link ChannelRefusal}
 * for a definite "no" and any other exception when the outcome is unknown (retried: every call is
 * keyed by the attempt id or the refund number, so a retry never pays or refunds twice).
 */
public interface PaymentChannel {

  String name();

  /**
   * True when the customer pays by scanning the attempt's pay URL as a QR code (Alipay precreate,
   * WeChat Pay native), false when the customer's browser is sent to it: the cashier page shows one
   * or the other.
   */
  boolean paysByQrCode();

  /**
   * Why this channel cannot take an order of {@code amount} at all (a currency or an amount its PSP
   * does not take), so a pay is refused before anything is created; empty when it can.
   */
  default Optional<String> cannotTake(Money amount) {
    return Optional.empty();
  }

  ChannelOrder create(CreatePayment request);

  ChannelPayment query(String attemptId);

  CloseResult close(String attemptId);

  /** Returns SUCCEEDED, or PROCESSING when the channel finishes refunds asynchronously. */
  ChannelRefundStatus refund(RefundPayment refund);

  ChannelRefundStatus queryRefund(String attemptId, String refundNo);

  /**
   * Checks that a callback really comes from this channel and parses it.
   *
   * @throws WebhookRejected when the signature, timestamp or body is not acceptable
   * @throws WebhookIgnored when it is genuine but announces nothing payonce acts on
   */
  WebhookEvent verifyWebhook(HttpHeaders headers, String rawBody);

  /**
   * The answer this channel takes as "received" for a callback payonce recorded (a duplicate
   * included); anything else makes it send the callback again.
   */
  ResponseEntity<String> acknowledgement();

  /**
   * Downloads this channel's statement of {@code billDate} (a day in the channel's own time zone)
   * through its bill API and hands each capture and refund line to {@code lines} in file order, in
   * bounded memory whatever its size.
   *
   * @return the number of lines handed over
   * @throws StatementNotReady when the channel has not made that day's statement yet
   */
  long readStatement(LocalDate billDate, Consumer<StatementLine> lines);
}
