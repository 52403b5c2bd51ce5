package com.payonce.api.reconciliation;

import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;

/**
 * POST /api/v1/reconciliations: reconcile one channel's statement of one day now.
 *
 * @param billDate a day in the channels' time zone (China time), within the last year
 */
record ReconciliationBody(@NotNull String channel, @NotNull LocalDate billDate) {}
