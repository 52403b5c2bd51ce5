package com.payonce.api.security;

import com.payonce.api.cashier.CashierHeadersFilter;
import com.payonce.api.cashier.ClientSecrets;
import com.payonce.api.config.PayonceProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  @Bean
  FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(
      PayonceProperties properties, ClientSecrets clientSecrets) {
    FilterRegistrationBean<ApiKeyFilter> registration =
        new FilterRegistrationBean<>(new ApiKeyFilter(properties, clientSecrets));
    registration.addUrlPatterns("/api/*");
    return registration;
  }

  /** The hosted cashier page and its QR codes: no API key, their own security headers. */
  @Bean
  FilterRegistrationBean<CashierHeadersFilter> cashierHeadersFilter() {
    FilterRegistrationBean<CashierHeadersFilter> registration =
        new FilterRegistrationBean<>(new CashierHeadersFilter());
    registration.addUrlPatterns("/pay/*");
    return registration;
  }
}
