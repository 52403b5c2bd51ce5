package com.payonce.sandbox.web;

import com.payonce.sandbox.channel.SandboxChannel;
import com.payonce.sandbox.channel.SandboxChannels;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/** Refunds of a paid order. */
final class RefundHandler {

  private final SandboxChannels channels;

  RefundHandler(SandboxChannels channels) {
    this.channels = channels;
  }

  /** The refund as it stands: PROCESSING or SUCCEEDED (404 REFUND_NOT_FOUND). */
  ServerResponse get(ServerRequest request) {
    SandboxChannel channel = SandboxRoutes.channel(channels, request);
    String merchantOrderNo = SandboxRoutes.merchantOrderNo(request);
    String refundNo = request.pathVariable("refundNo");
    return JsonExchange.ok(
        RefundBody.of(merchantOrderNo, channel.findRefund(merchantOrderNo, refundNo)));
  }

  ServerResponse create(ServerRequest request) {
    SandboxChannel channel = SandboxRoutes.channel(channels, request);
    String merchantOrderNo = SandboxRoutes.merchantOrderNo(request);
    RefundRequest body = JsonExchange.requiredBody(request, RefundRequest.class);
    return JsonExchange.ok(
        RefundBody.of(
            merchantOrderNo,
            channel.refund(merchantOrderNo, body.refundNo(), body.amount(), body.reason())));
  }
}
