package com.payonce.sandbox.web;

import com.payonce.sandbox.channel.PspSimulator;
import com.payonce.sandbox.channel.SandboxChannels;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The customer's side of a channel order (scan, pay) and its faults: the simulator's control API.
 * Merchants create, query and close orders through the PSP's own protocol.
 */
final class OrderHandler {

  private final SandboxChannels channels;

  OrderHandler(SandboxChannels channels) {
    this.channels = channels;
  }

  /** The order as the channel's query sees it (lag included): the control API's view. */
  ServerResponse get(ServerRequest request) {
    PspSimulator channel = SandboxRoutes.channel(channels, request);
    return JsonExchange.ok(
        OrderBody.of(channel.name(), channel.find(SandboxRoutes.merchantOrderNo(request))));
  }

  /** The customer opened the cashier or scanned the QR code; the order still reads WAIT_PAY. */
  ServerResponse scan(ServerRequest request) {
    PspSimulator channel = SandboxRoutes.channel(channels, request);
    return JsonExchange.ok(
        OrderBody.of(channel.name(), channel.scan(SandboxRoutes.merchantOrderNo(request))));
  }

  /**
   * The order's own faults (a test's tool, like {@code /settings}): they replace the ones it had;
   * unknown fields are refused.
   */
  ServerResponse faults(ServerRequest request) {
    PspSimulator channel = SandboxRoutes.channel(channels, request);
    OrderFaultsRequest body =
        JsonExchange.optionalStrictBody(request, OrderFaultsRequest.class, OrderFaultsRequest.NONE);
    return JsonExchange.ok(
        channel.changeOrderFaults(SandboxRoutes.merchantOrderNo(request), body.toOrderFaults()));
  }

  ServerResponse pay(ServerRequest request) {
    PspSimulator channel = SandboxRoutes.channel(channels, request);
    PspPayRequest body =
        JsonExchange.optionalBody(request, PspPayRequest.class, PspPayRequest.ORDER_AMOUNT);
    return JsonExchange.ok(
        OrderBody.of(
            channel.name(), channel.pay(SandboxRoutes.merchantOrderNo(request), body.amount())));
  }
}
