package com.payonce.api.config;

import com.payonce.activities.events.DeliveryWakeups;
import com.payonce.activities.ledger.AttemptsTable;
import com.payonce.activities.ledger.LateRefundActivitiesImpl;
import com.payonce.activities.ledger.LedgerActivitiesImpl;
import com.payonce.activities.ledger.LedgerOrders;
import com.payonce.activities.ledger.OrderSearch;
import com.payonce.activities.ledger.OrdersTable;
import com.payonce.activities.ledger.RefundPeriods;
import com.payonce.activities.ledger.WebhookInbox;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The PostgreSQL ledger: the worker's ledger activities and what the API reads and guards. */
@Configuration(proxyBeanMethods = false)
class LedgerConfiguration {

  @Bean
  LedgerActivitiesImpl ledgerActivities(DataSource dataSource, DeliveryWakeups wakeups) {
    return new LedgerActivitiesImpl(dataSource, wakeups);
  }

  /** The late refunds' ledger, with each channel's refund period from its configuration. */
  @Bean
  LateRefundActivitiesImpl lateRefundActivities(
      DataSource dataSource, DeliveryWakeups wakeups, PayonceProperties properties) {
    Map<String, Duration> periods = new HashMap<>();
    properties
        .channels()
        .forEach((name, channel) -> periods.put(name, channel.refundPeriodOrRule()));
    return new LateRefundActivitiesImpl(
        dataSource, wakeups, new RefundPeriods(periods), Clock.systemUTC());
  }

  @Bean
  AttemptsTable attemptsTable(DataSource dataSource) {
    return new AttemptsTable(dataSource);
  }

  @Bean
  OrdersTable ordersTable(DataSource dataSource) {
    return new OrdersTable(dataSource);
  }

  @Bean
  LedgerOrders ledgerOrders(DataSource dataSource) {
    return new LedgerOrders(dataSource);
  }

  @Bean
  OrderSearch orderSearch(DataSource dataSource) {
    return new OrderSearch(dataSource);
  }

  @Bean
  WebhookInbox webhookInbox(DataSource dataSource) {
    return new WebhookInbox(dataSource);
  }
}
