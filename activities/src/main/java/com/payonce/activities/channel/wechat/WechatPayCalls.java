package com.payonce.activities.channel.wechat;

import com.payonce.activities.channel.ChannelRefusal;
import com.payonce.workflows.channel.ChannelFailure;
import com.payonce.workflows.money.Money;
import com.wechat.pay.java.core.exception.HttpException;
import com.wechat.pay.java.core.exception.MalformedMessageException;
import com.wechat.pay.java.core.exception.ValidationException;
import java.util.function.Supplier;

/** What every WeChat Pay call shares: CNY in fen, field limits, and failures safe to log. */
final class WechatPayCalls {
  static final String CNY = "CNY";

  private final String channel;

  WechatPayCalls(String channel) {
    this.channel = channel;
  }

  String channel() {
    return channel;
  }

  /**
   * The SDK's failures other than an error answer (no answer, a signature that does not verify, an
   * answer it cannot read) leave the outcome unknown. Their messages hold the whole request,
   * Authorization header included, or the whole answer: one naming the call replaces them.
   */
  <T> T sdk(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (HttpException e) {
      throw new IllegalStateException(
          channel + " " + what + ": no answer (" + e.getCause() + "): outcome unknown",
          e.getCause());
    } catch (ValidationException e) {
      throw unknown(what, "an answer whose signature does not verify");
    } catch (MalformedMessageException e) {
      if (causedBy(e, NumberFormatException.class)) {
        throw e; // an amount payonce cannot hold: the query says so
      }
      throw unknown(what, "an answer the SDK cannot read");
    }
  }

  /** Whole fen in CNY that fit the SDK's int; anything else WeChat Pay cannot be asked for. */
  long fen(Money amount, ChannelFailure refusal) {
    if (!CNY.equals(amount.currency())) {
      throw new ChannelRefusal(refusal, channel + " takes CNY only, not " + amount.currency());
    }
    if (amount.minor() <= 0 || amount.minor() > Integer.MAX_VALUE) {
      throw new ChannelRefusal(refusal, channel + " cannot take " + amount.minor() + " fen");
    }
    return amount.minor();
  }

  /**
   * An amount payonce cannot hold is refused for good: asking again gets the same signed answer,
   * and an activity retried for ever would hold its order for ever. An operator must settle it.
   */
  ChannelRefusal cannotHold(String attemptId, String what) {
    return new ChannelRefusal(
        ChannelFailure.CHANNEL_REJECTED,
        channel
            + " reports "
            + what
            + " for "
            + attemptId
            + ", which payonce cannot hold: an operator must settle it");
  }

  IllegalStateException unknown(String call, String what) {
    return new IllegalStateException(
        channel + " answered " + call + " with " + what + ": outcome unknown");
  }

  /** At most {@code limit} characters (Unicode code points, as WeChat Pay counts them). */
  static String atMost(int limit, String text) {
    if (text == null || text.codePointCount(0, text.length()) <= limit) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, limit));
  }

  static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }
}
