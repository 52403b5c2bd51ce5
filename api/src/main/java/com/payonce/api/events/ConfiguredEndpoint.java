package com.payonce.api.events;

import com.payonce.activities.events.MerchantEndpointsTable;
import com.payonce.api.config.PayonceProperties;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The endpoint named in configuration (id {@code configured}), written at every start so the
 * configuration stays the truth: set, it is enabled with its secrets; unset, it is disabled.
 */
@Component
class ConfiguredEndpoint implements ApplicationRunner {
  static final String ID = "configured";

  private final MerchantEndpointsTable endpoints;
  private final PayonceProperties.MerchantEvents settings;

  ConfiguredEndpoint(MerchantEndpointsTable endpoints, PayonceProperties properties) {
    this.endpoints = endpoints;
    this.settings = properties.merchantEvents();
  }

  @Override
  public void run(ApplicationArguments args) {
    String url = settings.endpointUrl();
    if (url == null || url.isBlank()) {
      endpoints.disable(ID);
      return;
    }
    String previous = settings.endpointPreviousSecret();
    endpoints.configure(
        ID,
        url.strip(),
        settings.endpointSecret(),
        previous == null || previous.isBlank() ? null : previous);
  }
}
