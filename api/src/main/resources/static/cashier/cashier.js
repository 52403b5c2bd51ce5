// The hosted cashier page's script. It holds the order's client secret, never an API key, and
// relies on one thing from the event stream: that something happened. On every event it re-reads
// the order and re-renders, so a lost, repeated or unknown event cannot leave the page wrong.
(function () {
  'use strict';

  var root = document.getElementById('cashier');
  // the API key filter matches the raw path: an id is sent as it is, so it must need no escaping
  if (!root || !/^[A-Za-z0-9._:-]{1,64}$/.test(root.dataset.orderId)) {
    return;
  }
  var orderId = root.dataset.orderId;
  var secret = root.dataset.secret;
  var query = '?clientSecret=' + encodeURIComponent(secret);
  var orderUrl = '/api/v1/orders/' + orderId;
  // the server's clock minus this one: a customer's wrong clock must not decide expiry
  var skew = Number(root.dataset.serverNow) - Date.now();
  var lang = root.dataset.lang;

  // every type the stream sends; an EventSource only hands named events to their own listeners
  var EVENT_TYPES = [
    'order.created', 'order.paid', 'order.expired', 'order.cancelled', 'order.refunded',
    'order.partially_refunded', 'attempt.opened', 'attempt.closed', 'attempt.paid',
    'attempt.failed', 'attempt.refunded', 'refund.succeeded', 'refund.failed',
    'payment.refunded_automatically', 'order.needs_attention'
  ];
  var SLOW_POLL_MS = 10000;

  var messages = {};
  Array.prototype.forEach.call(document.querySelectorAll('#messages [data-key]'), function (el) {
    messages[el.dataset.key] = el.textContent;
  });

  var paying = false;
  var requested = 0;
  var rendered = 0;
  var events = null;
  var poll = null;
  var expiryTimer = null;

  function byId(id) {
    return document.getElementById(id);
  }

  function buttons() {
    return Array.prototype.slice.call(document.querySelectorAll('#pay button[data-channel]'));
  }

  function setPaying(on) {
    paying = on;
    buttons().forEach(function (b) {
      b.disabled = on;
    });
  }

  // ---- reading and rendering the order -------------------------------------------------------

  function refresh() {
    var seq = ++requested;
    return fetch(orderUrl + query, {headers: {Accept: 'application/json'}, cache: 'no-store'})
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (order) {
        // answers can overtake each other: only a newer one may replace what is shown
        if (order && seq > rendered) {
          rendered = seq;
          render(order);
        }
      })
      .catch(function () {
        // the stream or the slow poll asks again
      });
  }

  function resultOf(order) {
    if (order.status === 'AWAITING_PAYMENT') {
      return Date.now() + skew >= Date.parse(order.expiresAt) ? 'expired' : null;
    }
    return order.status.toLowerCase().replace(/_/g, '-');
  }

  function render(order) {
    var result = resultOf(order);
    if (result) {
      showResult(result, order);
      return;
    }
    var open = order.attempts.filter(function (a) {
      return a.status === 'OPEN' && a.payUrl;
    });
    showAttempt(open.length ? open[open.length - 1] : null);
    scheduleExpiry(order.expiresAt);
  }

  function showResult(result, order) {
    // once not payable, the pay controls are gone for good
    ['pay', 'expiry'].forEach(function (id) {
      var el = byId(id);
      if (el) {
        el.remove();
      }
    });
    Array.prototype.forEach.call(document.querySelectorAll('[data-result]'), function (el) {
      el.hidden = el.dataset.result !== result;
    });
    var refunded = byId('refunded-amount');
    if (refunded && order.refundedAmount) {
      refunded.textContent = order.refundedAmount;
    }
  }

  function showAttempt(attempt) {
    var qr = byId('qr');
    var redirect = byId('redirect');
    if (!qr || !redirect) {
      return;
    }
    buttons().forEach(function (b) {
      b.setAttribute('aria-pressed', String(!!attempt && b.dataset.channel === attempt.channel));
    });
    var button = attempt && buttons().filter(function (b) {
      return b.dataset.channel === attempt.channel;
    })[0];
    var byQr = !!button && button.dataset.qr === 'true';
    qr.hidden = !attempt || !byQr;
    redirect.hidden = !attempt || byQr || !isWebAddress(attempt.payUrl);
    byId('waiting').hidden = !attempt;
    if (!attempt) {
      return;
    }
    if (byQr) {
      // drawn by payonce from the order's own attempt: the attempt id only names which one
      var src = '/pay/' + orderId + '/qr.png?secret=' + encodeURIComponent(secret)
        + '&attempt=' + encodeURIComponent(attempt.attemptId);
      var image = byId('qr-image');
      if (image.getAttribute('src') !== src) {
        image.setAttribute('src', src);
        image.dataset.attemptId = attempt.attemptId;
      }
      image.alt = messages['qr-alt.' + attempt.channel] || '';
      byId('qr-hint').textContent = messages['scan.' + attempt.channel] || '';
    } else {
      var link = byId('redirect-link');
      link.href = attempt.payUrl;
      link.dataset.attemptId = attempt.attemptId;
      link.textContent = messages['continue.' + attempt.channel] || attempt.channel;
      byId('redirect-hint').textContent = messages['redirect-hint.' + attempt.channel] || '';
    }
  }

  // a pay URL from a channel is followed only when it is a web address, never javascript: or data:
  function isWebAddress(url) {
    return /^https?:\/\//i.test(url || '');
  }

  function scheduleExpiry(expiresAt) {
    var wait = Date.parse(expiresAt) - (Date.now() + skew);
    clearTimeout(expiryTimer);
    if (wait > 0 && wait < 2147483647) {
      expiryTimer = setTimeout(refresh, wait + 250);
    }
  }

  function formatExpiry() {
    var time = byId('expires-at');
    if (!time) {
      return;
    }
    try {
      time.textContent = new Date(time.getAttribute('datetime'))
        .toLocaleString(lang, {dateStyle: 'medium', timeStyle: 'short'});
    } catch (e) {
      // the server's UTC text stays
    }
  }

  // ---- paying ------------------------------------------------------------------------------

  function pay(channel) {
    if (paying) {
      return;
    }
    // disabled before anything else: a double click's second click finds every button disabled
    setPaying(true);
    showProblem(null);
    fetch(orderUrl + '/payments' + query, {
      method: 'POST',
      headers: {'Content-Type': 'application/json', Accept: 'application/json'},
      body: JSON.stringify({channel: channel}),
      cache: 'no-store'
    })
      .then(function (response) {
        if (response.ok) {
          return refresh();
        }
        return response.json()
          .catch(function () {
            return {};
          })
          .then(function (problem) {
            showProblem(problemMessage(problem));
            return refresh();
          });
      })
      .catch(function () {
        showProblem(messages['problem.network']);
      })
      .then(function () {
        setPaying(false);
      });
  }

  function problemMessage(problem) {
    var type = typeof problem.type === 'string' ? problem.type : '';
    var slug = type.indexOf('urn:payonce:problem:') === 0 ? type.slice(20) : '';
    return messages['problem.' + slug] || messages['problem.other'];
  }

  function showProblem(text) {
    var el = byId('problem');
    if (el) {
      el.textContent = text || '';
      el.hidden = !text;
    }
  }

  // ---- live status -------------------------------------------------------------------------

  function listen() {
    if (!window.EventSource) {
      startPolling();
      return;
    }
    events = new EventSource(orderUrl + '/events' + query);
    // how the page follows the order, for a look in the inspector (and the browser tests)
    root.dataset.live = 'events';
    EVENT_TYPES.forEach(function (type) {
      events.addEventListener(type, refresh);
    });
    events.onmessage = refresh;
    events.onopen = function () {
      root.dataset.live = 'events';
      stopPolling();
      // whatever happened while the stream was down
      refresh();
    };
    events.onerror = function () {
      // it reconnects by itself with Last-Event-ID; a slow poll covers the time it is down
      startPolling();
    };
  }

  function startPolling() {
    if (poll) {
      return;
    }
    root.dataset.live = 'polling';
    poll = setInterval(function () {
      refresh();
      // an EventSource that was refused (not just cut) never reconnects by itself
      if (events && events.readyState === EventSource.CLOSED) {
        events = null;
        listen();
      }
    }, SLOW_POLL_MS);
  }

  function stopPolling() {
    clearInterval(poll);
    poll = null;
  }

  // a page left for another may be kept in the back/forward cache: its stream must not hold one
  // of the few connections a browser opens to payonce; it is opened again if the page comes back
  window.addEventListener('pagehide', function () {
    if (events) {
      events.close();
      events = null;
    }
    stopPolling();
  });
  window.addEventListener('pageshow', function (event) {
    if (event.persisted) {
      refresh();
      listen();
    }
  });

  buttons().forEach(function (b) {
    b.addEventListener('click', function () {
      pay(b.dataset.channel);
    });
  });
  formatExpiry();
  refresh();
  listen();
})();
