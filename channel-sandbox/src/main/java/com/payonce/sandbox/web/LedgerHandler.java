package com.payonce.sandbox.web;

import com.payonce.sandbox.channel.PspSimulator;
import com.payonce.sandbox.channel.SandboxChannels;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The money the channel took, with each refund under its number: what a reconciliation (or a test)
 * compares payonce against.
 */
final class LedgerHandler {

  private final SandboxChannels channels;

  LedgerHandler(SandboxChannels channels) {
    this.channels = channels;
  }

  ServerResponse list(ServerRequest request) {
    PspSimulator channel = SandboxRoutes.channel(channels, request);
    return JsonExchange.ok(channel.ledger().stream().map(LedgerLine::of).toList());
  }
}
