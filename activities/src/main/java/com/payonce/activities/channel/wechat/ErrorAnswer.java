package com.payonce.activities.channel.wechat;

/** A WeChat Pay error body, {@code {"code","message"}}, read by the SDK's Gson. */
final class ErrorAnswer {
  String code;
  String message;
}
