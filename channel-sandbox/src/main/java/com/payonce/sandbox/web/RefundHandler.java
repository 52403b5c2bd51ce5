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
