package com.payonce.api.config;

import com.payonce.activities.events.MerchantDeliveriesTable;
import com.payonce.activities.events.MerchantDeliveryActivitiesImpl;
import com.payonce.activities.events.MerchantEndpointsTable;
import com.payonce.activities.events.OrderEventsTable;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The order event log, the shop's endpoints and deliveries, and the worker's delivery activities.
 */
@Configuration(proxyBeanMethods = false)
class MerchantEventsConfiguration {

  @Bean
  MerchantDeliveryActivitiesImpl merchantDeliveryActivities(DataSource dataSource) {
    return new MerchantDeliveryActivitiesImpl(
        dataSource, Clock.systemUTC(), Duration.ofSeconds(10));
  }

  @Bean
  OrderEventsTable orderEventsTable(DataSource dataSource) {
    return new OrderEventsTable(dataSource);
  }

  @Bean
  MerchantEndpointsTable merchantEndpointsTable(DataSource dataSource) {
    return new MerchantEndpointsTable(dataSource);
  }

  @Bean
  MerchantDeliveriesTable merchantDeliveriesTable(DataSource dataSource) {
    return new MerchantDeliveriesTable(dataSource);
  }
}
