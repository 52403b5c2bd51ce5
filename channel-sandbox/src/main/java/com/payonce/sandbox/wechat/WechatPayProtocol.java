package com.payonce.sandbox.wechat;

import com.payonce.sandbox.channel.PspSimulator;
import com.payonce.sandbox.keys.ChannelKeys;
import com.payonce.sandbox.protocol.ChannelProtocol;
import com.payonce.sandbox.webhook.NotificationFormat;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/** WeChat Pay API v3 (TODO: being built). */
public final class WechatPayProtocol implements ChannelProtocol {

  @Override
  public RouterFunction<ServerResponse> routes(
      String prefix, PspSimulator channel, ChannelKeys keys) {
    return RouterFunctions.route()
        .POST(prefix + "/v3/pay/transactions/native", request -> ServerResponse.status(501).build())
        .build();
  }

  @Override
  public NotificationFormat notifications(ChannelKeys keys) {
    throw new UnsupportedOperationException("TODO");
  }
}
