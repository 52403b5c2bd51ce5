package com.payonce.api.cashier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The language of the cashier page: {@code ?lang=} (the page's language links) first, then
 * Accept-Language in its order of preference; English unless Chinese is asked for. Languages match
 * on the language alone, so zh, zh-TW and zh-Hans-CN all get the Chinese page. Nothing is stored:
 * the link carries the choice.
 */
@Component(DispatcherServlet.LOCALE_RESOLVER_BEAN_NAME)
class LangParameterLocaleResolver implements LocaleResolver {
  static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE);

  @Override
  public Locale resolveLocale(HttpServletRequest request) {
    // the raw query string: getParameter would read a form body (a webhook's) to find it
    String lang =
        UriComponentsBuilder.newInstance()
            .query(request.getQueryString())
            .build()
            .getQueryParams()
            .getFirst("lang");
    if (lang != null) {
      Optional<Locale> asked = supported(Locale.forLanguageTag(lang));
      if (asked.isPresent()) {
        return asked.get();
      }
    }
    // without the header the container answers its own default locale: not the customer's
    if (request.getHeader(HttpHeaders.ACCEPT_LANGUAGE) != null) {
      for (Locale accepted : Collections.list(request.getLocales())) {
        Optional<Locale> match = supported(accepted);
        if (match.isPresent()) {
          return match.get();
        }
      }
    }
    return Locale.ENGLISH;
  }

  @Override
  public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
    throw new UnsupportedOperationException("the language comes from ?lang= or Accept-Language");
  }

  private static Optional<Locale> supported(Locale asked) {
    return SUPPORTED.stream()
        .filter(locale -> locale.getLanguage().equals(asked.getLanguage()))
        .findFirst();
  }
}
