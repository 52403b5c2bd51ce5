package com.payonce.workflows.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every recorded order ({@code histories/OrderPayment_<version>_<name>.json}: the test
 * server's from {@link RecordHistoriesTest}, a real server's from the system tests) against the
 * current workflow code. A failure here means a change would break orders already running
 * (non-determinism): guard it with Workflow.getVersion or a new workflow type instead, then record
 * the new version's histories next to the old ones.
 */
class OrderPaymentReplayTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void recordedOrderReplaysWithTheCurrentCode(Path history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        Files.readString(history), OrderPaymentWorkflowImpl.class);
  }

  @Test
  void everyVersionOfTheWorkflowHasRecordedHistories() throws IOException {
    List<String> names = histories().map(p -> p.getFileName().toString()).toList();

    assertThat(names)
        .filteredOn(n -> n.startsWith("OrderPayment_v0_"))
        .hasSizeGreaterThanOrEqualTo(9);
    assertThat(names)
        .filteredOn(n -> n.startsWith("OrderPayment_" + RecordHistoriesTest.VERSION + "_"))
        .as("histories of the current version (record them with RecordHistoriesTest)")
        .hasSizeGreaterThanOrEqualTo(7);
  }

  static Stream<Path> histories() throws IOException {
    try (Stream<Path> files = Files.list(RecordHistoriesTest.DIR)) {
      return files
          .filter(p -> p.getFileName().toString().matches("OrderPayment_v\\d+_.+\\.json"))
          .sorted()
          .toList()
          .stream();
    }
  }
}
