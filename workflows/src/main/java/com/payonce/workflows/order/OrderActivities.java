package com.payonce.workflows.order;

import com.payonce.workflows.channel.ChannelActivities;
import com.payonce.workflows.ledger.LedgerActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** The order workflow's activities, by role. */
final class OrderActivities {
  private static final ActivityOptions UNTIL_DONE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(15))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .build())
          .build();

  private static final ActivityOptions QUICK =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofMillis(200))
                  .setMaximumInterval(Duration.ofSeconds(2))
                  .setMaximumAttempts(3)
                  .build())
          .build();

  /**
   * Ledger upserts are cheap and idempotent: a local activity, retried until the database is back.
   */
  private static final LocalActivityOptions LEDGER =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(
              RetryOptions.newBuilder().setMaximumInterval(Duration.ofSeconds(30)).build())
          .build();

  private final ChannelActivities untilDone =
      Workflow.newActivityStub(ChannelActivities.class, UNTIL_DONE);
  private final ChannelActivities quick = Workflow.newActivityStub(ChannelActivities.class, QUICK);
  private final LedgerActivities ledger =
      Workflow.newLocalActivityStub(LedgerActivities.class, LEDGER);

  ChannelActivities channel(Patience patience) {
    return patience == Patience.QUICK ? quick : untilDone;
  }

  LedgerActivities ledger() {
    return ledger;
  }
}
