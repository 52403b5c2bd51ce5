package com.payonce.api.reconciliation;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The daily reconciliation (PAYONCE_RECONCILIATION_*).
 *
 * @param scheduled whether this instance keeps the Temporal Schedule in place (any instance may:
 *     the schedule is one per namespace)
 * @param cron when yesterday's statements are reconciled, in China time: both channels have the
 *     day's bill ready by 10:00 the next morning
 */
@Validated
@ConfigurationProperties("payonce.reconciliation")
record ReconciliationProperties(
    @DefaultValue("true") boolean scheduled, @DefaultValue("30 10 * * *") @NotBlank String cron) {}
