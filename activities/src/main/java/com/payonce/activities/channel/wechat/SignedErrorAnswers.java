package com.payonce.activities.channel.wechat;

import com.wechat.pay.java.core.auth.Validator;
import com.wechat.pay.java.core.http.HttpHeaders;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * The SDK checks the signature of a 2xx answer only: an error answer (ORDER_NOT_EXIST, ORDERPAID,
 * ...) would be believed unsigned, and payonce acts on those for good. Here an error answer whose
 * signature does not verify becomes an I/O failure: an unknown outcome, asked again.
 */
final class SignedErrorAnswers implements Interceptor {
  private static final long MAX_BODY_BYTES = 64 * 1024;

  private final Validator validator;

  SignedErrorAnswers(Validator validator) {
    this.validator = validator;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    if (response.isSuccessful()) {
      return response;
    }
    String body = response.peekBody(MAX_BODY_BYTES).string();
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < response.headers().size(); i++) {
      headers.put(response.headers().name(i), response.headers().value(i));
    }
    boolean signed;
    try {
      signed = validator.validate(new HttpHeaders(headers), body);
    } catch (RuntimeException e) {
      signed = false;
    }
    if (!signed) {
      response.close();
      throw new IOException(
          "WeChat Pay answered HTTP " + response.code() + " without a valid signature");
    }
    return response;
  }
}
