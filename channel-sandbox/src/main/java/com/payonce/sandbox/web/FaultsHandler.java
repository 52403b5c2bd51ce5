package com.payonce.sandbox.web;

import com.payonce.sandbox.channel.PspSimulator;
import com.payonce.sandbox.channel.SandboxChannels;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/** How many faults of each kind a channel injected: {@code {"createError":3,...}}. */
final class FaultsHandler {

  private final SandboxChannels channels;

  FaultsHandler(SandboxChannels channels) {
    this.channels = channels;
  }

  ServerResponse get(ServerRequest request) {
    return JsonExchange.ok(SandboxRoutes.channel(channels, request).faultCounts());
  }

  /** Every counter back to zero; answers the zeroed counters. */
  ServerResponse reset(ServerRequest request) {
    PspSimulator channel = SandboxRoutes.channel(channels, request);
    channel.resetFaultCounts();
    return JsonExchange.ok(channel.faultCounts());
  }
}
