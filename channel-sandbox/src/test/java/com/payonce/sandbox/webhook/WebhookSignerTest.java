package com.payonce.sandbox.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

  private static final String BODY = "{\"eventId\":\"evt_1\",\"amount\":\"99.90\"}";

  @Test
  void signsTimestampDotBodyWithHmacSha256InLowercaseHex() {
    // Computed outside Java: printf '1700000000.<body>' | openssl dgst -sha256 -hmac whsec_test
    assertThat(WebhookSigner.sign("whsec_test", "1700000000", BODY))
        .isEqualTo("3b1209f0d0177e117c8dc9747c02d3e595f8d47049c283c812852fc0a39fae81");
  }

  @Test
  void bytesAndStringBodiesSignAlike() {
    assertThat(WebhookSigner.sign("k", "1", BODY.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(WebhookSigner.sign("k", "1", BODY));
  }

  @Test
  void anyChangeOfSecretTimestampOrBodyChangesTheSignature() {
    String signature = WebhookSigner.sign("whsec_test", "1700000000", BODY);
    assertThat(WebhookSigner.sign("whsec_other", "1700000000", BODY)).isNotEqualTo(signature);
    assertThat(WebhookSigner.sign("whsec_test", "1700000001", BODY)).isNotEqualTo(signature);
    assertThat(WebhookSigner.sign("whsec_test", "1700000000", BODY + " ")).isNotEqualTo(signature);
  }
}
