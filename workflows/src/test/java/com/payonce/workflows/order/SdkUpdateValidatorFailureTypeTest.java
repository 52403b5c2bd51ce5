package com.payonce.workflows.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pins the SDK bug behind OrderFailure's "TYPE: message" prefix: in Temporal Java SDK 1.38.0 an
 * ApplicationFailure thrown by an update validator reaches the client with type {@code
 * io.temporal.internal.worker.WorkflowExecutionException} instead of its own (sdk-java#2875, fixed
 * after 1.38.0 by sdk-java#3001). When this test fails after an SDK upgrade, the bug is gone: the
 * API can map by type alone and this test can go.
 */
class SdkUpdateValidatorFailureTypeTest {

  @WorkflowInterface
  public interface Probe {
    @WorkflowMethod
    void run();

    @UpdateMethod
    void poke();

    @UpdateValidatorMethod(updateName = "poke")
    void validatePoke();
  }

  public static class ProbeImpl implements Probe {
    @Override
    public void run() {
      Workflow.sleep(Duration.ofDays(1));
    }

    @Override
    public void poke() {}

    @Override
    public void validatePoke() {
      throw OrderFailure.ORDER_ALREADY_PAID.failure("refused by the validator");
    }
  }

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder().setWorkflowTypes(ProbeImpl.class).build();

  @Test
  void aValidatorsFailureTypeIsLostBySdk1_38_0(Probe probe) {
    WorkflowClient.start(probe::run);

    assertThatThrownBy(probe::poke)
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType())
                  .as("fixed SDK? put the checks back in the validators")
                  .isEqualTo("io.temporal.internal.worker.WorkflowExecutionException");
              assertThat(f.getOriginalMessage()).contains("refused by the validator");
            });
  }
}
