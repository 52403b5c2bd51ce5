package com.payonce.workflows.order;

import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import io.temporal.workflow.WorkflowLock;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;

/**
 * Takes exactly one payment for an order: {@link AwaitPayment} until it is paid, expired or
 * cancelled, then its {@link LateWindow}. The updates ({@link PayUpdate}, {@link CancelUpdate},
 * {@link RefundUpdate}) and the run loops change the order only while holding {@link #lock}, so
 * handlers that interleave at activity calls never see half a change. Which {@link WorkflowChanges}
 * apply is read by {@link OrderVersions}.
 */
public class OrderPaymentWorkflowImpl implements OrderPaymentWorkflow {
  private static final Logger log = Workflow.getLogger(OrderPaymentWorkflowImpl.class);
  private final WorkflowLock lock = Workflow.newWorkflowLock();
  private final OrderBook book;
  private final OrderVersions versions;
  private final CallbackInbox inbox;
  private final PayUpdate payUpdate;
  private final CancelUpdate cancelUpdate;
  private final RefundUpdate refundUpdate;
  private final AwaitPayment awaitPayment;
  private final LateWindow lateWindow;

  @WorkflowInit
  public OrderPaymentWorkflowImpl(Checkout checkout) {
    ContinuedOrder continued = checkout.continued();
    book =
        continued == null ? new OrderBook(checkout) : OrderBook.restore(checkout, continued.book());
    versions = new OrderVersions(book);
    OrderActivities activities = new OrderActivities();
    long revisionBase = continued == null ? 0 : continued.book().revision();
    LedgerRecorder recorder = new LedgerRecorder(activities.ledger(), book, versions, revisionBase);
    ChannelWatch watch = new ChannelWatch(book, activities, recorder, versions);
    OrderClocks clocks = new OrderClocks(checkout);
    RefundSender refunds = new RefundSender(book, activities, recorder, clocks.refundChecks());
    inbox =
        new CallbackInbox(
            continued == null ? List.of() : continued.events(), book, versions, watch, refunds);
    RunRollover rollover = new RunRollover(book, versions, inbox, clocks);
    OrderGate gate = new OrderGate(book, rollover);
    Alarm alarm = new Alarm(versions);
    BooleanSupplier hasWork = () -> !inbox.isEmpty() || !book.refunds().pending().isEmpty();
    payUpdate =
        new PayUpdate(
            book, lock, gate, rollover, versions, activities, watch, recorder, clocks.polls());
    cancelUpdate = new CancelUpdate(book, lock, gate, rollover, versions, watch);
    refundUpdate = new RefundUpdate(book, lock, gate, rollover, versions, refunds, recorder);
    awaitPayment =
        new AwaitPayment(book, lock, clocks, alarm, rollover, inbox, watch, refunds, hasWork);
    lateWindow =
        new LateWindow(
            book, lock, clocks, versions, gate, alarm, rollover, inbox, watch, refunds, hasWork);
  }

  @Override
  public OrderView run(Checkout checkout) {
    versions.hostileInputs();
    ContinuedOrder continued = checkout.continued();
    long windowEndMillis;
    if (continued != null && continued.clocks().settling()) {
      windowEndMillis = continued.clocks().windowEndMillis();
    } else {
      windowEndMillis = awaitPayment.untilSettled();
      log.info("order settled: {}", book.status());
      BusinessMeters.settled(book.status(), checkout.createdAtMillis());
    }
    lateWindow.until(windowEndMillis);
    Workflow.await(Workflow::isEveryHandlerFinished);
    return book.view();
  }

  @Override
  public void validatePay(PayRequest request) {
    payUpdate.validate(request);
  }

  @Override
  public AttemptView pay(PayRequest request) {
    return payUpdate.handle(request);
  }

  @Override
  public void validateCancel(CancelRequest request) {
    cancelUpdate.validate();
  }

  @Override
  public OrderView cancel(CancelRequest request) {
    return cancelUpdate.handle();
  }

  @Override
  public void validateRefund(RefundRequest request) {
    refundUpdate.validate(request);
  }

  @Override
  public RefundView refund(RefundRequest request) {
    return refundUpdate.handle(request);
  }

  @Override
  public void channelEvent(ChannelEvent event) {
    inbox.add(event);
  }

  @Override
  public OrderView view() {
    return book.view();
  }
}
