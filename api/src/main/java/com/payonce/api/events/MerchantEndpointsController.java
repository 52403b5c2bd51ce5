package com.payonce.api.events;

import com.payonce.activities.events.MerchantEndpoint;
import com.payonce.activities.events.MerchantEndpointsTable;
import com.payonce.api.config.PayonceProperties;
import com.payonce.api.problems.ApiProblem;
import com.payonce.api.problems.Problem;
import jakarta.validation.Valid;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The shop's webhook endpoints: register (the answer carries the signing secret, once), list,
 * rotate the secret (the old one keeps signing for a while) and delete (its log stays).
 */
@RestController
@RequestMapping("/api/v1/webhook-endpoints")
class MerchantEndpointsController {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final MerchantEndpointsTable endpoints;
  private final PayonceProperties.MerchantEvents settings;
  private final Clock clock = Clock.systemUTC();

  MerchantEndpointsController(MerchantEndpointsTable endpoints, PayonceProperties properties) {
    this.endpoints = endpoints;
    this.settings = properties.merchantEvents();
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  EndpointResponse register(@Valid @RequestBody EndpointBody body) {
    String url = checkedUrl(body.url());
    String endpointId = "we_" + HexFormat.of().formatHex(randomBytes(12));
    if (!endpoints.createWithin(settings.maxEndpoints(), endpointId, url, newSecret())) {
      throw new ApiProblem(
          Problem.ENDPOINT_LIMIT_REACHED,
          "at most " + settings.maxEndpoints() + " endpoints; delete one first");
    }
    return EndpointResponse.withSecret(existing(endpointId));
  }

  @GetMapping
  List<EndpointResponse> list() {
    return endpoints.enabled().stream().map(EndpointResponse::listed).toList();
  }

  /** A new secret signs from now on; the one before signs too until previousSecretExpiresAt. */
  @PostMapping("/{endpointId}/rotate-secret")
  EndpointResponse rotate(@PathVariable String endpointId) {
    if (!endpoints.rotate(
        endpointId, newSecret(), clock.instant().plus(settings.previousSecretValidFor()))) {
      throw notFound(endpointId);
    }
    return EndpointResponse.withSecret(existing(endpointId));
  }

  /** No new deliveries; those pending end as FAILED, and the log stays readable. */
  @DeleteMapping("/{endpointId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@PathVariable String endpointId) {
    if (!endpoints.disable(endpointId)) {
      throw notFound(endpointId);
    }
  }

  /**
   * An absolute http(s) URL with a host, no credentials and no fragment; https only unless {@code
   * allow-http}. Where it points inside the shop's network is the shop's business: payonce follows
   * no redirect and reads no answer body.
   */
  private String checkedUrl(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new ApiProblem(Problem.INVALID_REQUEST, "url is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    boolean allowed = scheme.equals("https") || (scheme.equals("http") && settings.allowHttp());
    if (!allowed) {
      throw new ApiProblem(
          Problem.INVALID_REQUEST,
          settings.allowHttp() ? "url must be http or https" : "url must be https");
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      throw new ApiProblem(
          Problem.INVALID_REQUEST, "url must name a host, without credentials or a fragment");
    }
    return uri.toString();
  }

  private MerchantEndpoint existing(String endpointId) {
    return endpoints.find(endpointId).orElseThrow(() -> notFound(endpointId));
  }

  private static ApiProblem notFound(String endpointId) {
    return new ApiProblem(Problem.ENDPOINT_NOT_FOUND, "no endpoint " + endpointId);
  }

  private static String newSecret() {
    return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
