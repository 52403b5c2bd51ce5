package com.payonce.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/** One system under load: payonce over HTTP, or the floor workflow over the Temporal client. */
interface Target extends AutoCloseable {
  String name();

  /** Before the first order (payonce: starts the shop's webhook endpoint and registers it). */
  default void open() throws Exception {}

  /** Creates the order (first) or repeats the identical checkout (repeat). */
  void checkout(String orderId, boolean repeat) throws Exception;

  /**
   * The customer's page starts following the order (payonce: its live event stream). Called once
   * per order, after the first checkout's latency is taken; never blocks on the network.
   */
  default void follow(String orderId) {}

  /** The pay update; answers what the customer pays with (pay URL, or the floor's attempt id). */
  String pay(String orderId, String channel) throws Exception;

  /** The customer pays at the channel; the channel calls back. */
  void customerPays(String orderId, String channel, String handle) throws Exception;

  /** A partial refund; throws {@link NotYetPaid} while the order is not recorded paid yet. */
  void refund(String orderId, String refundId, long amountMinor) throws Exception;

  /**
   * After the load: waits (at most {@code drain}) until the orders are recorded paid, then answers
   * for each order {settle microseconds, epoch microseconds of the PAID record}: settle is from the
   * channel's capture to the ledger's PAID record, for orders whose PAID record is still their
   * latest ({@code excludeOrders} are not).
   */
  Map<String, long[]> settleMicros(
      Collection<String> paidOrders,
      Collection<String> excludeOrders,
      Duration drain,
      Metrics metrics)
      throws Exception;

  /**
   * After settleMicros: records per paid order how long the system took from the channel's payment
   * callback to telling the customer's page and the shop that the order is paid, waiting at most
   * {@code drain} for the last of them (payonce only: the floor tells no one).
   */
  default void recordNotifications(Collection<String> paidOrders, Duration drain, Metrics metrics)
      throws Exception {}

  /** The channel's capture time of the order, epoch microseconds (known after settleMicros). */
  Long capturedAtMicros(String orderId);

  /** Temporal workflow id of the order. */
  default String workflowId(String orderId) {
    return orderId;
  }

  /** Number of workflow queries one repeat checkout costs. */
  int queriesPerRepeatCheckout();

  @Override
  default void close() {}

  /** The order is not paid yet (the refund came before the settlement): try again later. */
  final class NotYetPaid extends Exception {
    NotYetPaid(String message) {
      super(message);
    }
  }

  /** An answer the benchmark did not expect: counted as an error of this kind. */
  final class Unexpected extends Exception {
    final String kind;

    Unexpected(String kind, String message) {
      super(message);
      this.kind = kind;
    }
  }
}
