package com.payonce.workflows.orphan;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays recorded orphan runs ({@code histories/OrphanPayment_<version>_<name>.json}) against the
 * current code: orphans are running in production, so each change of a code path must be gated with
 * Workflow.getVersion. The v0 histories were recorded with the code of 614045f, before the lookup
 * by channel, the hand-off to a running order and the new workflow id.
 */
class OrphanPaymentReplayTest {

  static final Path DIR = Path.of("src", "test", "resources", "histories");

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void recordedOrphanReplaysWithTheCurrentCode(Path history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        Files.readString(history), OrphanPaymentWorkflowImpl.class);
  }

  @Test
  void theOldCodesHistoriesAreThere() throws IOException {
    assertThat(histories().map(p -> p.getFileName().toString()))
        .filteredOn(n -> n.startsWith("OrphanPayment_v0_"))
        .hasSizeGreaterThanOrEqualTo(5);
  }

  static Stream<Path> histories() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      return files
          .filter(p -> p.getFileName().toString().matches("OrphanPayment_v\\d+_.+\\.json"))
          .sorted()
          .toList()
          .stream();
    }
  }
}
