package com.payonce.activities.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.payonce.workflows.channel.ChannelActivities;
import com.payonce.workflows.channel.ChannelFailure;
import com.payonce.workflows.channel.ChannelOrder;
import com.payonce.workflows.channel.ChannelPayment;
import com.payonce.workflows.channel.ChannelRefundStatus;
import com.payonce.workflows.channel.CloseResult;
import com.payonce.workflows.channel.CreatePayment;
import com.payonce.workflows.channel.PaymentRef;
import com.payonce.workflows.channel.RefundPayment;
import com.payonce.workflows.channel.RefundRef;
import com.payonce.workflows.money.Money;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class ChannelActivitiesImplTest {
  private static final Money AMOUNT = new Money(9990, "CNY");
  private static final CreatePayment CREATE =
      new CreatePayment("alipay", "att-1", "ord-1", AMOUNT, "tea", 1_780_000_000_000L);
  private static final PaymentRef REF = new PaymentRef("alipay", "att-1");
  private static final RefundPayment REFUND =
      new RefundPayment("alipay", "att-1", "auto-att-1", AMOUNT, "duplicate");
  private static final RefundRef REFUND_REF = new RefundRef("alipay", "att-1", "auto-att-1");

  private FakeChannel alipay;
  private FakeChannel wechat;
  private ChannelActivitiesImpl activities;
  private final List<String> claimed = new ArrayList<>();

  @BeforeEach
  void setUp() {
    alipay = new FakeChannel("alipay");
    wechat = new FakeChannel("wechat");
    activities =
        new ChannelActivitiesImpl(
            new PaymentChannels(List.of(alipay, wechat)),
            create -> {
              claimed.add(create.channel() + "/" + create.attemptId() + "/" + create.orderId());
              (create.channel().equals("alipay") ? alipay : wechat).calls.add("claimed");
            });
  }

  /** Each activity method as a call, so every rule is checked on all five. */
  private List<Consumer<ChannelActivities>> allCalls(String channel) {
    return List.of(
        a ->
            a.createPayment(
                new CreatePayment(channel, "att-1", "ord-1", AMOUNT, "tea", 1_780_000_000_000L)),
        a -> a.queryPayment(new PaymentRef(channel, "att-1")),
        a -> a.closePayment(new PaymentRef(channel, "att-1")),
        a -> a.refundPayment(new RefundPayment(channel, "att-1", "r-1", AMOUNT, "why")),
        a -> a.queryRefund(new RefundRef(channel, "att-1", "r-1")));
  }

  @Test
  void callsAreRoutedToTheNamedChannelAndAnswersPassThrough() {
    alipay.answer =
        call ->
            switch (call) {
              case "create" -> new ChannelOrder("ALI-1", "https://pay/1");
              case "query" -> new ChannelPayment(ChannelPayment.Status.PAID, AMOUNT, 0);
              case "close" -> CloseResult.ALREADY_PAID;
              case "refund" -> ChannelRefundStatus.PROCESSING;
              case "queryRefund" -> ChannelRefundStatus.NOT_FOUND;
              default -> null;
            };

    assertThat(activities.createPayment(CREATE))
        .isEqualTo(new ChannelOrder("ALI-1", "https://pay/1"));
    assertThat(activities.queryPayment(REF))
        .isEqualTo(new ChannelPayment(ChannelPayment.Status.PAID, AMOUNT, 0));
    assertThat(activities.closePayment(REF)).isEqualTo(CloseResult.ALREADY_PAID);
    assertThat(activities.refundPayment(REFUND)).isEqualTo(ChannelRefundStatus.PROCESSING);
    assertThat(activities.queryRefund(REFUND_REF)).isEqualTo(ChannelRefundStatus.NOT_FOUND);

    // the attempt is claimed for its order before the channel hears of it
    assertThat(alipay.calls)
        .containsExactly("claimed", "create", "query", "close", "refund", "queryRefund");
    assertThat(claimed).containsExactly("alipay/att-1/ord-1");
    assertThat(alipay.lastRefund).isEqualTo(REFUND);
    assertThat(alipay.lastRefundQuery).isEqualTo("att-1/auto-att-1");
    assertThat(wechat.calls).isEmpty();
  }

  @Test
  void aRefundQueryIsRoutedByItsChannel_withItsAttemptAndRefundNumber() {
    wechat.answer = call -> ChannelRefundStatus.SUCCEEDED;

    assertThat(activities.queryRefund(new RefundRef("wechat", "att-9", "r-2")))
        .isEqualTo(ChannelRefundStatus.SUCCEEDED);

    assertThat(wechat.calls).containsExactly("queryRefund");
    assertThat(wechat.lastRefundQuery).isEqualTo("att-9/r-2");
    assertThat(alipay.calls).isEmpty();
  }

  @Test
  void everyRefundStatusPassesThrough() {
    for (ChannelRefundStatus status : ChannelRefundStatus.values()) {
      alipay.answer = call -> status;

      assertThat(activities.refundPayment(REFUND)).isEqualTo(status);
      assertThat(activities.queryRefund(REFUND_REF)).isEqualTo(status);
    }
  }

  @Test
  void aRefusalBecomesANonRetryableApplicationFailureOfItsType() {
    for (ChannelFailure type : ChannelFailure.values()) {
      alipay.answer =
          call -> {
            throw new ChannelRefusal(type, "HTTP 400 no thanks");
          };
      for (Consumer<ChannelActivities> call : allCalls("alipay")) {
        Throwable thrown = catchThrowable(() -> call.accept(activities));

        assertThat(thrown).isInstanceOf(ApplicationFailure.class);
        ApplicationFailure failure = (ApplicationFailure) thrown;
        assertThat(failure.getType()).isEqualTo(type.name());
        assertThat(failure.isNonRetryable()).isTrue();
        assertThat(failure.getOriginalMessage()).isEqualTo("HTTP 400 no thanks");
      }
    }
  }

  @Test
  void anUnknownChannelIsANonRetryableUnknownChannelFailure() {
    for (Consumer<ChannelActivities> call : allCalls("paypal")) {
      Throwable thrown = catchThrowable(() -> call.accept(activities));

      assertThat(thrown).isInstanceOf(ApplicationFailure.class);
      ApplicationFailure failure = (ApplicationFailure) thrown;
      assertThat(failure.getType()).isEqualTo(ChannelFailure.UNKNOWN_CHANNEL.name());
      assertThat(failure.isNonRetryable()).isTrue();
      assertThat(failure.getOriginalMessage()).contains("paypal");
    }
    assertThat(alipay.calls).isEmpty();
    assertThat(wechat.calls).isEmpty();
  }

  @Test
  void otherExceptionsPropagateUnchanged() {
    List<RuntimeException> failures =
        List.of(
            new IllegalStateException("alipay answered HTTP 503"),
            new org.springframework.web.client.ResourceAccessException("read timed out"),
            new IllegalArgumentException("amount is not a decimal number: null"));
    for (RuntimeException failure : failures) {
      alipay.answer =
          call -> {
            throw failure;
          };
      for (Consumer<ChannelActivities> call : allCalls("alipay")) {
        assertThat(catchThrowable(() -> call.accept(activities))).isSameAs(failure);
      }
    }
  }

  /** The same rules as Temporal sees them when the activity runs in its test environment. */
  @Nested
  class InTemporalsActivityEnvironment {
    private TestActivityEnvironment environment;
    private ChannelActivities stub;

    @BeforeEach
    void start() {
      environment = TestActivityEnvironment.newInstance();
      environment.registerActivitiesImplementations(activities);
      stub = environment.newActivityStub(ChannelActivities.class);
    }

    @AfterEach
    void stop() {
      environment.close();
    }

    @Test
    void aRefusalReachesTheWorkflowAsANonRetryableFailureOfItsType() {
      alipay.answer =
          call -> {
            throw new ChannelRefusal(ChannelFailure.REFUND_REJECTED, "HTTP 409 over capture");
          };

      Throwable thrown = catchThrowable(() -> stub.refundPayment(REFUND));

      assertThat(thrown).isInstanceOf(ActivityFailure.class);
      assertThat(thrown.getCause()).isInstanceOf(ApplicationFailure.class);
      ApplicationFailure failure = (ApplicationFailure) thrown.getCause();
      assertThat(failure.getType()).isEqualTo("REFUND_REJECTED");
      assertThat(failure.isNonRetryable()).isTrue();
    }

    @Test
    void aRefundQueryAnswersThroughTheStub() {
      alipay.answer = call -> ChannelRefundStatus.PROCESSING;

      assertThat(stub.queryRefund(REFUND_REF)).isEqualTo(ChannelRefundStatus.PROCESSING);
      assertThat(stub.refundPayment(REFUND)).isEqualTo(ChannelRefundStatus.PROCESSING);
      assertThat(alipay.lastRefundQuery).isEqualTo("att-1/auto-att-1");
    }

    @Test
    void aRefusedRefundQueryReachesTheWorkflowAsANonRetryableFailureOfItsType() {
      alipay.answer =
          call -> {
            throw new ChannelRefusal(ChannelFailure.REFUND_REJECTED, "HTTP 400 bad refund number");
          };

      Throwable thrown = catchThrowable(() -> stub.queryRefund(REFUND_REF));

      assertThat(thrown).isInstanceOf(ActivityFailure.class);
      ApplicationFailure failure = (ApplicationFailure) thrown.getCause();
      assertThat(failure.getType()).isEqualTo("REFUND_REJECTED");
      assertThat(failure.isNonRetryable()).isTrue();
      assertThat(failure.getOriginalMessage()).isEqualTo("HTTP 400 bad refund number");
    }

    @Test
    void aRefundQueryAtAnUnknownChannelReachesTheWorkflowAsANonRetryableFailure() {
      Throwable thrown =
          catchThrowable(() -> stub.queryRefund(new RefundRef("paypal", "att-1", "r-1")));

      assertThat(thrown).isInstanceOf(ActivityFailure.class);
      ApplicationFailure failure = (ApplicationFailure) thrown.getCause();
      assertThat(failure.getType()).isEqualTo("UNKNOWN_CHANNEL");
      assertThat(failure.isNonRetryable()).isTrue();
    }

    @Test
    void anUnknownChannelReachesTheWorkflowAsANonRetryableFailure() {
      Throwable thrown = catchThrowable(() -> stub.queryPayment(new PaymentRef("paypal", "a")));

      assertThat(thrown).isInstanceOf(ActivityFailure.class);
      ApplicationFailure failure = (ApplicationFailure) thrown.getCause();
      assertThat(failure.getType()).isEqualTo("UNKNOWN_CHANNEL");
      assertThat(failure.isNonRetryable()).isTrue();
    }

    @Test
    void anotherExceptionStaysRetryable() {
      alipay.answer =
          call -> {
            throw new IllegalStateException("alipay answered HTTP 503");
          };

      Throwable thrown = catchThrowable(() -> stub.queryPayment(REF));

      assertThat(thrown).isInstanceOf(ActivityFailure.class);
      ApplicationFailure failure = (ApplicationFailure) thrown.getCause();
      assertThat(failure.getType()).isEqualTo(IllegalStateException.class.getName());
      assertThat(failure.isNonRetryable()).isFalse();
    }
  }

  /** A channel whose every call answers (or throws) what the test says. */
  static final class FakeChannel implements PaymentChannel {
    private final String name;
    final List<String> calls = new ArrayList<>();
    Function<String, Object> answer = call -> null;
    RefundPayment lastRefund;
    String lastRefundQuery;

    FakeChannel(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public boolean paysByQrCode() {
      return true;
    }

    @Override
    public ChannelOrder create(CreatePayment request) {
      calls.add("create");
      return (ChannelOrder) answer.apply("create");
    }

    @Override
    public ChannelPayment query(String attemptId) {
      calls.add("query");
      return (ChannelPayment) answer.apply("query");
    }

    @Override
    public CloseResult close(String attemptId) {
      calls.add("close");
      return (CloseResult) answer.apply("close");
    }

    @Override
    public ChannelRefundStatus refund(RefundPayment refund) {
      calls.add("refund");
      lastRefund = refund;
      return (ChannelRefundStatus) answer.apply("refund");
    }

    @Override
    public ChannelRefundStatus queryRefund(String attemptId, String refundNo) {
      calls.add("queryRefund");
      lastRefundQuery = attemptId + "/" + refundNo;
      return (ChannelRefundStatus) answer.apply("queryRefund");
    }

    @Override
    public WebhookEvent verifyWebhook(HttpHeaders headers, String rawBody) {
      throw new UnsupportedOperationException("not used by the activities");
    }

    @Override
    public org.springframework.http.ResponseEntity<String> acknowledgement() {
      throw new UnsupportedOperationException("not used by the activities");
    }

    @Override
    public long readStatement(
        java.time.LocalDate billDate, java.util.function.Consumer<StatementLine> lines) {
      throw new UnsupportedOperationException("not used by the activities");
    }
  }
}
