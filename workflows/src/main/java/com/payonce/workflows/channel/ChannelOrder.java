package com.payonce.workflows.channel;

/** The channel's answer to a create: its own order id and where the customer pays. */
public record ChannelOrder(String channelOrderId, String payUrl) {}
