package com.payonce.sandbox.wechat;

import com.payonce.sandbox.channel.PspSimulator;
import com.payonce.sandbox.keys.ChannelKeys;
import com.payonce.sandbox.protocol.ChannelProtocol;
import com.payonce.sandbox.webhook.NotificationFormat;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * WeChat Pay API v3 (direct merchant, public-key mode), built on the JDK and Jackson alone so that
 * the official SDK on payonce's side is checked against an independent implementation.
 */
public final class WechatPayProtocol implements ChannelProtocol {

  @Override
  public RouterFunction<ServerResponse> routes(
      String prefix, PspSimulator channel, ChannelKeys keys) {
    WechatPayApi api = new WechatPayApi(prefix, channel, keys);
    WechatPayBills bills = api.bills();
    String transactions = prefix + "/v3/pay/transactions";
    String refunds = prefix + "/v3/refund/domestic/refunds";
    return RouterFunctions.route()
        .POST(transactions + "/native", api::nativePrepay)
        .POST(transactions + "/h5", api::h5Prepay)
        .GET(transactions + "/out-trade-no/{outTradeNo}", api::query)
        .POST(transactions + "/out-trade-no/{outTradeNo}/close", api::close)
        .POST(refunds, api::refund)
        .GET(refunds + "/{outRefundNo}", api::queryRefund)
        .GET(prefix + "/v3/bill/tradebill", bills::tradeBill)
        .GET(prefix + "/v3/bill/fundflowbill", bills::fundFlowBill)
        .GET(prefix + WechatPayBills.DOWNLOAD_PATH, bills::download)
        .onError(Exception.class, api::onError)
        .build();
  }

  @Override
  public NotificationFormat notifications(ChannelKeys keys) {
    return new WechatPayNotifications(keys);
  }
}
