package com.payonce.workflows.order;

import com.payonce.workflows.channel.ChannelPayment;

/**
 * The channel's query answer about an attempt, asked by payonce's webhook endpoint after it
 * verified the callback, and when.
 *
 * @param askedAtMillis when the endpoint asked (its clock; the answer is at least this fresh):
 *     older than {@link CallbackInbox#FRESH_FOR} when the workflow handles it is asked again, since
 *     what the channel refunded may have changed since
 */
public record ChannelAnswer(ChannelPayment payment, long askedAtMillis) {}
