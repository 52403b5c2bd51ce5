package com.payonce.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "No customer is ever charged twice", under randomized faults, crashes and restarts: see {@link
 * FaultProof}. Opt-in like every system test ({@code -Dpayonce.systemTests=true}).
 *
 * <ul>
 *   <li>short mode (CI): 240 scenarios (every fourth adversarial, {@link Adversary}), fixed
 *       seed, one app {@code kill -9} and one Temporal restart guaranteed, a few minutes;
 *   <li>soak: {@code -Dpayonce.faultProof.scenarios=10000 [-Dpayonce.faultProof.seed=S]};
 *   <li>replay one scenario: {@code -Dpayonce.faultProof.only=<scenario seed>}.
 * </ul>
 *
 * Both write {@code system-tests/target/fault-proof-report.md} (see scripts/fault-proof.sh).
 */
@EnabledIfSystemProperty(named = "payonce.systemTests", matches = "true")
class FaultProofSystemTest {

  @RegisterExtension static final Topology topology = new Topology(FaultProof.topologyOptions());

  @Test
  @DisabledIfSystemProperty(named = "payonce.faultProof.scenarios", matches = ".+")
  @Timeout(value = 45, unit = TimeUnit.MINUTES)
  void shortRunNoCustomerIsChargedTwice() throws Exception {
    FaultProof.Config config = FaultProof.Config.fromSystemProperties(false);
    FaultProof run = new FaultProof(topology, config);
    run.run();
    assertThat(run.violations()).as("violations (see the report above)").isEmpty();
    if (config.only() == null) {
      assertThat(run.scenariosRun()).as("scenarios run").isEqualTo(config.scenarios());
    }
  }

  @Test
  @EnabledIfSystemProperty(named = "payonce.faultProof.scenarios", matches = ".+")
  @Timeout(value = 24, unit = TimeUnit.HOURS)
  void soakNoCustomerIsChargedTwice() throws Exception {
    FaultProof.Config config = FaultProof.Config.fromSystemProperties(true);
    FaultProof run = new FaultProof(topology, config);
    run.run();
    assertThat(run.violations()).as("violations (see the report above)").isEmpty();
  }
}
