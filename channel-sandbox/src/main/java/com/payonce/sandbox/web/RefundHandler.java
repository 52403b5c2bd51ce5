package com.payonce.sandbox.web;

import com.payonce.sandbox.channel.PspSimulator;
import com.payonce.sandbox.channel.SandboxChannels;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/** A refund as the channel's books have it: the control API's view, for tests and operators. */
final class RefundHandler {

  private final SandboxChannels channels;

  RefundHandler(SandboxChannels channels) {
    this.channels = channels;
  }

  /** The refund as it stands: PROCESSING or SUCCEEDED (404 REFUND_NOT_FOUND). */
  ServerResponse get(ServerRequest request) {
    PspSimulator channel = SandboxRoutes.channel(channels, request);
    String merchantOrderNo = SandboxRoutes.merchantOrderNo(request);
    String refundNo = request.pathVariable("refundNo");
    return JsonExchange.ok(
        PspRefundBody.of(merchantOrderNo, channel.findRefund(merchantOrderNo, refundNo)));
  }
}
