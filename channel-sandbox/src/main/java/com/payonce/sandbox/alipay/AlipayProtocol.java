package com.payonce.sandbox.alipay;

import com.payonce.sandbox.channel.PspSimulator;
import com.payonce.sandbox.keys.ChannelKeys;
import com.payonce.sandbox.protocol.ChannelProtocol;
import com.payonce.sandbox.webhook.NotificationFormat;
import java.time.Clock;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Alipay's open API gateway ({@code gateway.do}, POST for server calls, GET for the page and wap
 * pay URLs a browser opens) and its trade_status_sync notifications.
 */
public final class AlipayProtocol implements ChannelProtocol {

  @Override
  public RouterFunction<ServerResponse> routes(
      String prefix, PspSimulator channel, ChannelKeys keys) {
    AlipayBills bills = new AlipayBills(channel, keys);
    AlipayGateway gateway = new AlipayGateway(channel, keys, bills);
    return RouterFunctions.route()
        .POST(prefix + "/gateway.do", gateway::handle)
        .GET(prefix + "/gateway.do", gateway::handle)
        .GET(prefix + AlipayBills.DOWNLOAD_PATH, bills::download)
        .build();
  }

  @Override
  public NotificationFormat notifications(ChannelKeys keys) {
    return new AlipayNotifyFormat(keys, Clock.systemUTC());
  }
}
