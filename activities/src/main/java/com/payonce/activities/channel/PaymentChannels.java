package com.payonce.activities.channel;

import com.payonce.workflows.channel.ChannelFailure;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The configured channels by name (alipay, wechat, ...). */
public class PaymentChannels {
  private final Map<String, PaymentChannel> byName = new TreeMap<>();

  public PaymentChannels(Collection<PaymentChannel> channels) {
    channels.forEach(c -> byName.put(c.name(), c));
  }

  public Optional<PaymentChannel> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public PaymentChannel get(String name) {
    return find(name)
        .orElseThrow(
            () -> new ChannelRefusal(ChannelFailure.UNKNOWN_CHANNEL, "no channel named " + name));
  }

  public Collection<String> names() {
    return byName.keySet();
  }
}
