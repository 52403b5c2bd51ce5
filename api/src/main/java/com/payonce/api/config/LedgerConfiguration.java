package com.payonce.api.config;

import com.payonce.activities.ledger.AttemptClaims;
import com.payonce.activities.ledger.LedgerActivitiesImpl;
import com.payonce.activities.ledger.LedgerOrders;
import com.payonce.activities.ledger.OrderRegistry;
import com.payonce.activities.ledger.WebhookInbox;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The PostgreSQL ledger: the worker's ledger activities and what the API reads and guards. */
@Configuration(proxyBeanMethods = false)
class LedgerConfiguration {

  @Bean
  LedgerActivitiesImpl ledgerActivities(DataSource dataSource) {
    return new LedgerActivitiesImpl(dataSource);
  }

  @Bean
  AttemptClaims attemptClaims(DataSource dataSource) {
    return new AttemptClaims(dataSource);
  }

  @Bean
  OrderRegistry orderRegistry(DataSource dataSource) {
    return new OrderRegistry(dataSource);
  }

  @Bean
  LedgerOrders ledgerOrders(DataSource dataSource) {
    return new LedgerOrders(dataSource);
  }

  @Bean
  WebhookInbox webhookInbox(DataSource dataSource) {
    return new WebhookInbox(dataSource);
  }
}
