package com.payonce.api.config;

import com.payonce.activities.channel.PaymentChannels;
import com.payonce.activities.events.DeliveryWakeups;
import com.payonce.activities.operator.OperatorItemsTable;
import com.payonce.activities.operator.OperatorQueue;
import com.payonce.activities.operator.OverdueOrders;
import com.payonce.activities.reconciliation.DifferenceRecheck;
import com.payonce.activities.reconciliation.ReconciliationActivitiesImpl;
import com.payonce.activities.reconciliation.ReconciliationRunsTable;
import com.payonce.activities.reconciliation.StatementReconciler;
import com.payonce.workflows.orphan.OrphanPaymentWorkflow;
import io.temporal.client.WorkflowClient;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The operator queue, and reconciliation against the channels' statements with its worker. */
@Configuration(proxyBeanMethods = false)
class OperatorConfiguration {

  @Bean
  OperatorItemsTable operatorItemsTable(DataSource dataSource) {
    return new OperatorItemsTable(dataSource);
  }

  @Bean
  OperatorQueue operatorQueue(DataSource dataSource, DeliveryWakeups wakeups) {
    return new OperatorQueue(dataSource, wakeups);
  }

  @Bean
  OverdueOrders overdueOrders(DataSource dataSource) {
    return new OverdueOrders(dataSource);
  }

  @Bean
  DifferenceRecheck differenceRecheck(DataSource dataSource) {
    return new DifferenceRecheck(dataSource);
  }

  @Bean
  ReconciliationRunsTable reconciliationRunsTable(DataSource dataSource) {
    return new ReconciliationRunsTable(dataSource);
  }

  @Bean
  ReconciliationActivitiesImpl reconciliationActivities(
      DataSource dataSource,
      PaymentChannels channels,
      DeliveryWakeups wakeups,
      WorkflowClient temporal) {
    return new ReconciliationActivitiesImpl(
        new StatementReconciler(
            dataSource,
            channels,
            wakeups,
            payment -> OrphanPaymentWorkflow.start(temporal, payment)),
        channels);
  }
}
