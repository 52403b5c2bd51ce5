package com.payonce.api.docs;

import static com.payonce.api.problems.Problem.AMOUNT_TOO_PRECISE;
import static com.payonce.api.problems.Problem.ATTEMPT_LIMIT_REACHED;
import static com.payonce.api.problems.Problem.CHANNEL_REJECTED;
import static com.payonce.api.problems.Problem.CHANNEL_UNAVAILABLE;
import static com.payonce.api.problems.Problem.ENDPOINT_LIMIT_REACHED;
import static com.payonce.api.problems.Problem.ENDPOINT_NOT_FOUND;
import static com.payonce.api.problems.Problem.EVENT_NOT_FOUND;
import static com.payonce.api.problems.Problem.INVALID_REQUEST;
import static com.payonce.api.problems.Problem.INVALID_SIGNATURE;
import static com.payonce.api.problems.Problem.MALFORMED_WEBHOOK;
import static com.payonce.api.problems.Problem.NOT_FOUND;
import static com.payonce.api.problems.Problem.OPERATOR_ITEM_NOT_FOUND;
import static com.payonce.api.problems.Problem.OPERATOR_ITEM_RESOLVED;
import static com.payonce.api.problems.Problem.OPERATOR_ITEM_RETRYING;
import static com.payonce.api.problems.Problem.ORDER_ALREADY_PAID;
import static com.payonce.api.problems.Problem.ORDER_BUSY;
import static com.payonce.api.problems.Problem.ORDER_CLOSED;
import static com.payonce.api.problems.Problem.ORDER_CONFLICT;
import static com.payonce.api.problems.Problem.ORDER_NOT_FOUND;
import static com.payonce.api.problems.Problem.ORDER_NOT_PAYABLE;
import static com.payonce.api.problems.Problem.PAYLOAD_TOO_LARGE;
import static com.payonce.api.problems.Problem.PAYMENT_IN_PROGRESS;
import static com.payonce.api.problems.Problem.PAY_LIMIT_REACHED;
import static com.payonce.api.problems.Problem.RATE_LIMITED;
import static com.payonce.api.problems.Problem.RECONCILIATION_NOT_FOUND;
import static com.payonce.api.problems.Problem.REFUND_EXCEEDS_REFUNDABLE;
import static com.payonce.api.problems.Problem.REFUND_ID_CONFLICT;
import static com.payonce.api.problems.Problem.REFUND_NOT_ALLOWED;
import static com.payonce.api.problems.Problem.REFUND_PERIOD_OVER;
import static com.payonce.api.problems.Problem.REFUND_REJECTED;
import static com.payonce.api.problems.Problem.STALE_WEBHOOK;
import static com.payonce.api.problems.Problem.STATEMENT_NOT_FOUND;
import static com.payonce.api.problems.Problem.TEMPORAL_UNAVAILABLE;
import static com.payonce.api.problems.Problem.TOO_MANY_STREAMS;
import static com.payonce.api.problems.Problem.UNAUTHORIZED;
import static com.payonce.api.problems.Problem.UNKNOWN_CHANNEL;
import static com.payonce.api.problems.Problem.UNSUPPORTED_BY_CHANNEL;
import static com.payonce.api.problems.Problem.UNSUPPORTED_MEDIA_TYPE;

import com.payonce.activities.channel.PaymentChannels;
import com.payonce.api.config.PayonceProperties;
import com.payonce.api.problems.Problem;
import com.payonce.workflows.order.AttemptStatus;
import com.payonce.workflows.order.OrderStatus;
import com.payonce.workflows.order.RefundKind;
import com.payonce.workflows.order.RefundStatus;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description as a contract, not only the happy path: every problem each operation can
 * answer (problem+json, its {@code type} values listed), the bearer scheme on /api, statuses and
 * channels as enums, and the {@code Location} of a new order. The problems per operation are this
 * class's table, next to the code that answers them; {@code OpenApiDocsTest} checks that every
 * operation has its entry, and the fuzz (scripts/fuzz-api.sh) that no answer strays from it.
 */
@Configuration(proxyBeanMethods = false)
class ApiContract {
  static final String BEARER = "apiKey";
  private static final String PROBLEM_JSON = "application/problem+json";
  private static final String PROBLEM_SCHEMA = "Problem";

  /** The problems of each operation ("METHOD path"), besides 401 on every /api call. */
  static final Map<String, List<Problem>> PROBLEMS =
      Map.ofEntries(
          Map.entry(
              "POST /api/v1/orders",
              List.of(
                  INVALID_REQUEST,
                  ORDER_CONFLICT,
                  UNSUPPORTED_MEDIA_TYPE,
                  RATE_LIMITED,
                  TEMPORAL_UNAVAILABLE)),
          Map.entry(
              "GET /api/v1/orders/{orderId}",
              List.of(INVALID_REQUEST, ORDER_NOT_FOUND, TEMPORAL_UNAVAILABLE)),
          Map.entry(
              "POST /api/v1/orders/{orderId}/payments",
              List.of(
                  INVALID_REQUEST,
                  UNKNOWN_CHANNEL,
                  UNSUPPORTED_BY_CHANNEL,
                  ORDER_NOT_FOUND,
                  ORDER_ALREADY_PAID,
                  ORDER_NOT_PAYABLE,
                  ORDER_CLOSED,
                  PAYMENT_IN_PROGRESS,
                  ATTEMPT_LIMIT_REACHED,
                  UNSUPPORTED_MEDIA_TYPE,
                  PAY_LIMIT_REACHED,
                  RATE_LIMITED,
                  CHANNEL_REJECTED,
                  CHANNEL_UNAVAILABLE,
                  ORDER_BUSY,
                  TEMPORAL_UNAVAILABLE)),
          Map.entry(
              "POST /api/v1/orders/{orderId}/cancel",
              List.of(
                  INVALID_REQUEST,
                  ORDER_NOT_FOUND,
                  ORDER_ALREADY_PAID,
                  ORDER_NOT_PAYABLE,
                  PAYMENT_IN_PROGRESS,
                  ORDER_CLOSED,
                  ORDER_BUSY,
                  TEMPORAL_UNAVAILABLE)),
          Map.entry(
              "POST /api/v1/orders/{orderId}/refunds",
              List.of(
                  INVALID_REQUEST,
                  ORDER_NOT_FOUND,
                  REFUND_NOT_ALLOWED,
                  REFUND_EXCEEDS_REFUNDABLE,
                  AMOUNT_TOO_PRECISE,
                  REFUND_ID_CONFLICT,
                  REFUND_REJECTED,
                  REFUND_PERIOD_OVER,
                  UNSUPPORTED_MEDIA_TYPE,
                  ORDER_BUSY,
                  TEMPORAL_UNAVAILABLE)),
          Map.entry(
              "POST /webhooks/{channel}",
              List.of(
                  MALFORMED_WEBHOOK,
                  INVALID_SIGNATURE,
                  STALE_WEBHOOK,
                  NOT_FOUND,
                  PAYLOAD_TOO_LARGE,
                  TEMPORAL_UNAVAILABLE)),
          Map.entry(
              "GET /api/v1/orders/{orderId}/events",
              List.of(INVALID_REQUEST, ORDER_NOT_FOUND, TOO_MANY_STREAMS)),
          Map.entry("GET /api/v1/events", List.of(INVALID_REQUEST)),
          Map.entry(
              "GET /api/v1/orders", List.of(INVALID_REQUEST, UNKNOWN_CHANNEL, ORDER_NOT_FOUND)),
          Map.entry(
              "POST /api/v1/events/{eventId}/redeliver", List.of(INVALID_REQUEST, EVENT_NOT_FOUND)),
          Map.entry(
              "POST /api/v1/webhook-endpoints",
              List.of(INVALID_REQUEST, ENDPOINT_LIMIT_REACHED, UNSUPPORTED_MEDIA_TYPE)),
          Map.entry(
              "POST /api/v1/webhook-endpoints/{endpointId}/rotate-secret",
              List.of(ENDPOINT_NOT_FOUND)),
          Map.entry("DELETE /api/v1/webhook-endpoints/{endpointId}", List.of(ENDPOINT_NOT_FOUND)),
          Map.entry("GET /api/v1/operator/items", List.of(INVALID_REQUEST)),
          Map.entry(
              "GET /api/v1/operator/items/{itemId}",
              List.of(INVALID_REQUEST, OPERATOR_ITEM_NOT_FOUND)),
          Map.entry(
              "POST /api/v1/operator/items/{itemId}/resolve",
              List.of(
                  INVALID_REQUEST,
                  OPERATOR_ITEM_NOT_FOUND,
                  OPERATOR_ITEM_RESOLVED,
                  OPERATOR_ITEM_RETRYING,
                  UNSUPPORTED_MEDIA_TYPE)),
          Map.entry(
              "POST /api/v1/operator/items/{itemId}/retry",
              List.of(
                  INVALID_REQUEST,
                  OPERATOR_ITEM_NOT_FOUND,
                  OPERATOR_ITEM_RESOLVED,
                  OPERATOR_ITEM_RETRYING,
                  UNSUPPORTED_MEDIA_TYPE,
                  TEMPORAL_UNAVAILABLE)),
          Map.entry(
              "POST /api/v1/reconciliations",
              List.of(
                  INVALID_REQUEST,
                  UNKNOWN_CHANNEL,
                  STATEMENT_NOT_FOUND,
                  UNSUPPORTED_MEDIA_TYPE,
                  TEMPORAL_UNAVAILABLE)),
          Map.entry("GET /api/v1/reconciliations", List.of(INVALID_REQUEST)),
          Map.entry(
              "GET /api/v1/reconciliations/{channel}/{billDate}",
              List.of(INVALID_REQUEST, RECONCILIATION_NOT_FOUND)));

  /** The fields that may be null, by schema: optional request fields, answers not known yet. */
  private static final Map<String, List<String>> NULLABLE =
      Map.ofEntries(
          Map.entry("CheckoutBody", List.of("description")),
          Map.entry("RefundBody", List.of("reason")),
          Map.entry("OrderResponse", List.of("description", "paidAttemptId")),
          Map.entry("AttemptResponse", List.of("channelOrderId", "payUrl", "note")),
          Map.entry("RefundResponse", List.of("reason")),
          Map.entry("OrderSummaryResponse", List.of("description", "paidAttemptId", "paidChannel")),
          Map.entry("OperatorItemResponse", List.of("orderId", "channel", "attemptId", "refundNo")),
          Map.entry("ActionResponse", List.of("note")),
          Map.entry("OperatorActionBody", List.of("note")),
          Map.entry("ReconciliationRunResponse", List.of("finishedAt")),
          Map.entry(
              "DifferenceResponse", List.of("refundNo", "orderId", "payonceAmount", "itemId")),
          Map.entry(
              "DeliveryResponse",
              List.of("lastAttemptAt", "lastResponseStatus", "lastError", "deliveredAt")));

  @Bean
  OpenApiCustomizer payonceContract(PaymentChannels channels, PayonceProperties properties) {
    return openApi -> {
      Components components =
          openApi.getComponents() == null ? new Components() : openApi.getComponents();
      openApi.setComponents(components);
      components.addSecuritySchemes(
          BEARER,
          new SecurityScheme()
              .type(SecurityScheme.Type.HTTP)
              .scheme("bearer")
              .description("the API key (PAYONCE_API_KEY): Authorization: Bearer <key>"));
      components.addSchemas(PROBLEM_SCHEMA, problemSchema());
      enums(components, List.copyOf(channels.names()));
      checkoutBody(components, properties.orders().maxExpiry().toSeconds());
      NULLABLE.forEach((schema, fields) -> nullable(components, schema, fields));
      openApi
          .getPaths()
          .forEach(
              (path, item) ->
                  item.readOperationsMap()
                      .forEach((method, operation) -> describe(method, path, operation)));
      PathItem orders = openApi.getPaths().get("/api/v1/orders");
      if (orders != null && orders.getPost() != null) {
        created(orders.getPost().getResponses());
      }
      if (orders != null && orders.getGet() != null) {
        channelFilter(orders.getGet(), List.copyOf(channels.names()));
      }
    };
  }

  /** The list's channel filter names a channel, as a pay body does. */
  private static void channelFilter(Operation list, List<String> channels) {
    if (list.getParameters() == null) {
      return;
    }
    list.getParameters().stream()
        .filter(p -> "channel".equals(p.getName()))
        .forEach(
            p -> {
              StringSchema schema = new StringSchema();
              channels.forEach(schema::addEnumItem);
              p.setSchema(schema);
            });
  }

  /** Checkout: 201 with Location for a new order, 200 for the identical checkout repeated. */
  private static void created(ApiResponses responses) {
    ApiResponse ok = responses.get("200");
    if (ok == null) {
      return;
    }
    responses.addApiResponse(
        "201",
        new ApiResponse()
            .description("the new order")
            .content(ok.getContent())
            .addHeaderObject(
                "Location",
                new Header()
                    .description("the new order: /api/v1/orders/{orderId}")
                    .schema(new StringSchema())));
    ok.setDescription("the same order: this identical checkout was made before");
  }

  private static void describe(PathItem.HttpMethod method, String path, Operation operation) {
    List<Problem> problems = new ArrayList<>(PROBLEMS.getOrDefault(method + " " + path, List.of()));
    if (path.startsWith("/api/")) {
      operation.addSecurityItem(new SecurityRequirement().addList(BEARER));
      problems.add(UNAUTHORIZED);
    }
    ApiResponses responses = operation.getResponses();
    Map<Integer, List<Problem>> byStatus =
        problems.stream()
            .collect(
                Collectors.groupingBy(p -> p.status().value(), TreeMap::new, Collectors.toList()));
    byStatus.forEach(
        (status, same) -> {
          ApiResponse response = responses.get(Integer.toString(status));
          if (response == null) {
            response = new ApiResponse();
            responses.addApiResponse(Integer.toString(status), response);
          }
          String types =
              same.stream().map(p -> "`" + p.type() + "`").collect(Collectors.joining(", "));
          response.setDescription(
              (response.getDescription() == null || response.getDescription().isBlank()
                      ? ""
                      : response.getDescription() + ". ")
                  + "type: "
                  + types);
          response.setContent(
              new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(problemOf(same))));
        });
  }

  /** The Problem schema, its {@code type} narrowed to what this response can carry. */
  private static Schema<?> problemOf(List<Problem> problems) {
    Schema<?> type = new StringSchema().format("uri");
    problems.forEach(p -> ((StringSchema) type).addEnumItem(p.type().toString()));
    return new ObjectSchema()
        .addAllOfItem(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA))
        .addProperty("type", type);
  }

  private static Schema<?> problemSchema() {
    return new ObjectSchema()
        .description("RFC 9457 problem details; `type` is stable, `detail` is for people")
        .addProperty("type", new StringSchema().format("uri"))
        .addProperty("title", new StringSchema())
        .addProperty("status", new IntegerSchema())
        .addProperty("detail", new StringSchema())
        .addProperty("instance", new StringSchema())
        .required(List.of("type", "title", "status"));
  }

  /** Statuses, kinds and channels are closed sets: enums, not free strings. */
  private static void enums(Components components, List<String> channels) {
    Map<String, Map<String, List<String>>> enums = new LinkedHashMap<>();
    enums.put("OrderResponse", Map.of("status", names(OrderStatus.values())));
    enums.put("OrderSummaryResponse", Map.of("status", names(OrderStatus.values())));
    enums.put(
        "AttemptResponse", Map.of("status", names(AttemptStatus.values()), "channel", channels));
    enums.put(
        "RefundResponse",
        Map.of("status", names(RefundStatus.values()), "kind", names(RefundKind.values())));
    enums.put("PayBody", Map.of("channel", channels));
    enums.put("ReconciliationBody", Map.of("channel", channels));
    enums.forEach(
        (schemaName, properties) -> {
          Schema<?> schema =
              components.getSchemas() == null ? null : components.getSchemas().get(schemaName);
          if (schema == null || schema.getProperties() == null) {
            return;
          }
          properties.forEach(
              (property, values) -> {
                @SuppressWarnings("unchecked") // a string property: its enum items are strings
                Schema<Object> field = (Schema<Object>) schema.getProperties().get(property);
                if (field != null) {
                  field.setEnum(new ArrayList<>(values));
                }
              });
        });
  }

  /** What a checkout accepts, exactly: amounts per currency, the longest expiry configured. */
  private static void checkoutBody(Components components, long maxExpirySeconds) {
    Schema<?> body =
        components.getSchemas() == null ? null : components.getSchemas().get("CheckoutBody");
    if (body == null || body.getProperties() == null) {
      return;
    }
    body.setOneOf(CheckoutAmounts.branches());
    Schema<?> expiry = body.getProperties().get("expiresInSeconds");
    if (expiry != null) {
      // a BigDecimal in Java so that 600.0 is read, but an integer to every client
      expiry.setTypes(new LinkedHashSet<>(List.of("integer", "null")));
      expiry.setType(null);
      expiry.setFormat("int64");
      expiry.setMaximum(BigDecimal.valueOf(maxExpirySeconds));
    }
  }

  private static void nullable(Components components, String schemaName, List<String> fields) {
    Schema<?> schema =
        components.getSchemas() == null ? null : components.getSchemas().get(schemaName);
    if (schema == null || schema.getProperties() == null) {
      return;
    }
    for (String field : fields) {
      Schema<?> property = schema.getProperties().get(field);
      if (property != null) {
        Set<String> types = new LinkedHashSet<>();
        if (property.getTypes() != null) {
          types.addAll(property.getTypes());
        } else if (property.getType() != null) {
          types.add(property.getType());
        }
        types.add("null");
        property.setTypes(types);
      }
    }
  }

  private static List<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).toList();
  }
}
