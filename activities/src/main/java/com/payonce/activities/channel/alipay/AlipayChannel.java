package com.payonce.activities.channel.alipay;

import com.payonce.activities.channel.PaymentChannel;
import com.payonce.activities.channel.StatementLine;
import com.payonce.activities.channel.WebhookEvent;
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
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Alipay through its official SDK, one class per operation. out_trade_no is the attempt id and
 * out_request_no the refund number, so every call is safe to retry. The SDK signs each request with
 * the app's key and refuses an answer whose signature Alipay's public key does not verify (an
 * exception: retried).
 */
public class AlipayChannel implements PaymentChannel {

  static final String CNY = "CNY";

  private final AlipaySettings settings;
  private final AlipayCreate creates;
  private final AlipayQuery queries;
  private final AlipayClose closes;
  private final AlipayRefunds refunds;
  private final AlipayNotices notices;
  private final AlipayStatement statements;

  public AlipayChannel(AlipaySettings settings) {
    if (!"precreate".equals(settings.product())
        && !"page".equals(settings.product())
        && !"wap".equals(settings.product())) {
      throw new IllegalArgumentException(
          "Alipay product must be precreate, page or wap, not " + settings.product());
    }
    this.settings = settings;
    AlipayClients clients = new AlipayClients(settings);
    this.creates = new AlipayCreate(settings, clients);
    this.queries = new AlipayQuery(settings.name(), clients);
    this.closes = new AlipayClose(settings.name(), clients, queries);
    this.refunds = new AlipayRefunds(settings.name(), clients);
    this.notices = new AlipayNotices(settings.alipayPublicKey(), settings.appId());
    this.statements =
        new AlipayStatement(
            settings.name(), clients, settings.connectTimeout(), settings.readTimeout());
  }

  @Override
  public String name() {
    return settings.name();
  }

  /** precreate answers a QR code's content; page and wap a URL to send the browser to. */
  @Override
  public boolean paysByQrCode() {
    return "precreate".equals(settings.product());
  }

  /** Alipay's domestic APIs take CNY only, up to 100,000,000.00 (payonce's own maximum). */
  @Override
  public Optional<String> cannotTake(Money amount) {
    return CNY.equals(amount.currency())
        ? Optional.empty()
        : Optional.of(name() + " takes CNY only, not " + amount.currency());
  }

  @Override
  public ChannelOrder create(CreatePayment request) {
    return creates.create(request);
  }

  @Override
  public ChannelPayment query(String attemptId) {
    return queries.query(attemptId);
  }

  @Override
  public CloseResult close(String attemptId) {
    return closes.close(attemptId);
  }

  @Override
  public ChannelRefundStatus refund(RefundPayment refund) {
    return refunds.refund(refund);
  }

  @Override
  public ChannelRefundStatus queryRefund(String attemptId, String refundNo) {
    return refunds.queryRefund(attemptId, refundNo);
  }

  @Override
  public WebhookEvent verifyWebhook(HttpHeaders headers, String rawBody) {
    return notices.verify(rawBody);
  }

  @Override
  public long readStatement(LocalDate billDate, Consumer<StatementLine> lines) {
    return statements.read(billDate, lines);
  }

  /** Alipay stops resending only on these seven characters. */
  @Override
  public ResponseEntity<String> acknowledgement() {
    return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("success");
  }
}
