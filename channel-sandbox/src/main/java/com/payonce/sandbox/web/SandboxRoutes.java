package com.payonce.sandbox.web;

import com.payonce.sandbox.channel.PspSimulator;
import com.payonce.sandbox.channel.SandboxChannels;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The simulator's control API, the same for every channel: the customer's actions, faults, settings
 * and the channel's books. The PSPs' own APIs are each {@code ChannelProtocol}'s.
 */
public final class SandboxRoutes {

  private static final String V1 = "/sandbox/{channel}/v1";
  private static final String ORDER = V1 + "/orders/{merchantOrderNo}";

  private SandboxRoutes() {}

  public static RouterFunction<ServerResponse> routes(SandboxChannels channels) {
    OrderHandler orders = new OrderHandler(channels);
    RefundHandler refunds = new RefundHandler(channels);
    LedgerHandler ledger = new LedgerHandler(channels);
    SettingsHandler settings = new SettingsHandler(channels);
    FaultsHandler faults = new FaultsHandler(channels);
    return RouterFunctions.route()
        .GET(ORDER, orders::get)
        .GET(ORDER + "/refunds/{refundNo}", refunds::get)
        .POST(ORDER + "/scan", orders::scan)
        .POST(ORDER + "/pay", orders::pay)
        .PUT(ORDER + "/faults", orders::faults)
        .GET(V1 + "/ledger", ledger::list)
        .GET(V1 + "/settings", settings::get)
        .PUT(V1 + "/settings", settings::put)
        .DELETE(V1 + "/settings", settings::reset)
        .GET(V1 + "/faults", faults::get)
        .DELETE(V1 + "/faults", faults::reset)
        .onError(Exception.class, ErrorResponses::toResponse)
        .build();
  }

  /** Where the customer "pays": the address a QR code or redirect of the simulator leads to. */
  public static String payPath(String channel, String merchantOrderNo) {
    return "/sandbox/" + channel + "/v1/orders/" + merchantOrderNo + "/pay";
  }

  static PspSimulator channel(SandboxChannels channels, ServerRequest request) {
    return channels.require(request.pathVariable("channel"));
  }

  static String merchantOrderNo(ServerRequest request) {
    return request.pathVariable("merchantOrderNo");
  }
}
