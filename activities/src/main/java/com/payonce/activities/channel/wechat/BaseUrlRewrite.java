package com.payonce.activities.channel.wechat;

import java.io.IOException;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Sends the SDK's requests, built for the hard-coded {@code https://api.mch.weixin.qq.com}, to the
 * configured base URL instead (the simulator's, under its path prefix). The base URL is read per
 * request: in the embedded run its port is known only once the server runs. The merchant signed the
 * path the SDK built, so the signature stays valid; the real host is left untouched.
 */
final class BaseUrlRewrite implements Interceptor {

  private final Supplier<String> baseUrl;

  BaseUrlRewrite(Supplier<String> baseUrl) {
    this.baseUrl = baseUrl;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    HttpUrl target = HttpUrl.get(baseUrl.get());
    HttpUrl sent = request.url();
    String prefix = target.encodedPath().replaceAll("/+$", "");
    boolean sameHost =
        target.scheme().equals(sent.scheme())
            && target.host().equals(sent.host())
            && target.port() == sent.port();
    if (sameHost && prefix.isEmpty()) {
      return chain.proceed(request);
    }
    HttpUrl rewritten =
        sent.newBuilder()
            .scheme(target.scheme())
            .host(target.host())
            .port(target.port())
            .encodedPath(prefix + sent.encodedPath())
            .build();
    return chain.proceed(request.newBuilder().url(rewritten).build());
  }
}
