package com.payonce.sandbox.protocol;

import com.payonce.sandbox.channel.PspSimulator;
import com.payonce.sandbox.keys.ChannelKeys;
import com.payonce.sandbox.webhook.NotificationFormat;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * One real PSP's wire protocol over the simulator: its API as the PSP serves it (signatures
 * checked, answers signed) and its notifications. A client built for the real PSP works against it
 * unchanged but for the base URL and keys.
 */
public interface ChannelProtocol {

  /** The PSP's API, served under {@code prefix} ({@code /sandbox/<channel>}). */
  RouterFunction<ServerResponse> routes(String prefix, PspSimulator channel, ChannelKeys keys);

  NotificationFormat notifications(ChannelKeys keys);
}
