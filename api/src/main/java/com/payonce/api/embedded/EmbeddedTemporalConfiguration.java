package com.payonce.api.embedded;

import com.payonce.workflows.operator.OperatorReason;
import com.payonce.workflows.order.OrderPaymentWorkflow;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The SDK's Temporal test server bound to a local port when {@code TEMPORAL_ADDRESS} is not set.
 * The app reaches it over gRPC exactly as it would reach a real cluster; only the address differs.
 * It keeps everything in memory: a restart forgets running orders (the ledger does not).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.temporal.connection.target", havingValue = "embedded")
class EmbeddedTemporalConfiguration {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedTemporalConfiguration.class);

  record EmbeddedTemporal(TestServer.PortBoundTestServer server, String target)
      implements AutoCloseable {
    @Override
    public void close() {
      server.close();
    }
  }

  @Bean(destroyMethod = "close")
  EmbeddedTemporal embeddedTemporal(EmbeddedProperties properties) {
    int port = properties.temporalPort() == 0 ? freePort() : properties.temporalPort();
    // true: time is not skipped, timers take as long as they say, like on a real server
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true);
    String target = "127.0.0.1:" + port;
    registerSearchAttributes(target);
    log.info("embedded Temporal test server at {}", target);
    return new EmbeddedTemporal(server, target);
  }

  @Bean
  TemporalOptionsCustomizer<WorkflowServiceStubsOptions.Builder> embeddedTemporalTarget(
      EmbeddedTemporal temporal) {
    return builder -> builder.setTarget(temporal.target());
  }

  /** Same call an operator makes against a real server (the real-server script does it too). */
  private static void registerSearchAttributes(String target) {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setTarget(target)
                .validateAndBuildWithDefaults());
    try {
      operator
          .blockingStub()
          .addSearchAttributes(
              AddSearchAttributesRequest.newBuilder()
                  .setNamespace("default")
                  .putSearchAttributes(
                      OrderPaymentWorkflow.ORDER_STATUS.getName(),
                      IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
                  .putSearchAttributes(
                      OrderPaymentWorkflow.PAYMENT_CHANNEL.getName(),
                      IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
                  .putSearchAttributes(
                      OrderPaymentWorkflow.CUSTOMER_ID.getName(),
                      IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
                  .putSearchAttributes(
                      OperatorReason.NEEDS_ATTENTION.getName(),
                      IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
                  .build());
    } finally {
      operator.shutdownNow();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
