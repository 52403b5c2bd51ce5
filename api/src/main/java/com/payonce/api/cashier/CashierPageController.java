package com.payonce.api.cashier;

import com.payonce.activities.channel.PaymentChannels;
import com.payonce.api.cashier.CashierPage.ChannelChoice;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The hosted cashier page, {@code GET /pay/{orderId}?secret=}: rendered here, kept live by
 * static/cashier/cashier.js. It is outside /api, so the API key filter does not guard it: the
 * client secret is checked here, and a wrong one gets the same plain 404 as an unknown order.
 */
@Controller
class CashierPageController {
  private final CustomerOrders orders;
  private final PaymentChannels channels;
  private final MessageSource messages;
  private final Clock clock = Clock.systemUTC();

  CashierPageController(CustomerOrders orders, PaymentChannels channels, MessageSource messages) {
    this.orders = orders;
    this.channels = channels;
    this.messages = messages;
  }

  @GetMapping("/pay/{orderId}")
  ModelAndView page(
      @PathVariable String orderId, @RequestParam(required = false) String secret, Locale locale) {
    return orders
        .find(orderId, secret)
        .map(
            order ->
                new ModelAndView(
                    "cashier/page",
                    Map.of(
                        "page",
                        CashierPage.of(order, secret, channelChoices(locale), clock.millis()))))
        .orElseGet(() -> new ModelAndView("cashier/not-found", HttpStatus.NOT_FOUND));
  }

  private List<ChannelChoice> channelChoices(Locale locale) {
    return channels.names().stream()
        .map(
            name ->
                new ChannelChoice(
                    name,
                    messages.getMessage("channel." + name, null, name, locale),
                    channels.get(name).paysByQrCode()))
        .toList();
  }
}
