package com.payonce.activities.channel.wechat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Forwards every call to the simulator unchanged (signed answers keep their WeChat Pay headers,
 * spelt as WeChat Pay spells them: the SDK looks them up case-sensitively), but changes one letter
 * of the customer's openid in a downloaded gzipped bill: its rows still read and its summary still
 * adds up, only its SHA-1 no longer matches. One connection at a time, each closed after its
 * answer.
 */
final class TamperingBillProxy implements AutoCloseable {

  private static final Map<String, String> SPELLING = new LinkedHashMap<>();

  static {
    for (String name :
        new String[] {
          "Wechatpay-Timestamp",
          "Wechatpay-Nonce",
          "Wechatpay-Signature",
          "Wechatpay-Serial",
          "Wechatpay-Signature-Type",
          "Request-ID",
          "Content-Type"
        }) {
      SPELLING.put(name.toLowerCase(Locale.ROOT), name);
    }
  }

  private final String target;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ServerSocket server;
  private final Thread loop;
  private volatile boolean tampered;

  TamperingBillProxy(String target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.loop = new Thread(this::serve, "tampering-bill-proxy");
    loop.setDaemon(true);
    loop.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  boolean tampered() {
    return tampered;
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        answer(socket.getInputStream(), socket.getOutputStream());
      } catch (IOException | InterruptedException e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void answer(InputStream in, OutputStream out) throws IOException, InterruptedException {
    String[] head = readHead(in).split("\r\n");
    String[] requestLine = head[0].split(" ");
    HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + requestLine[1]));
    int length = 0;
    for (int i = 1; i < head.length; i++) {
      int colon = head[i].indexOf(':');
      String name = head[i].substring(0, colon).trim();
      String value = head[i].substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        length = Integer.parseInt(value);
      } else if (name.equalsIgnoreCase("Authorization")
          || name.equalsIgnoreCase("Accept")
          || name.equalsIgnoreCase("Content-Type")) {
        forward.header(name, value);
      }
    }
    byte[] body = in.readNBytes(length);
    forward.method(requestLine[0], HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<byte[]> answer =
        http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
    byte[] content = answer.body();
    if (requestLine[1].contains("/v3/billdownload/file") && answer.statusCode() == 200) {
      content = tamper(content);
    }
    StringBuilder reply = new StringBuilder("HTTP/1.1 " + answer.statusCode() + " Proxied\r\n");
    answer
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              String spelt = SPELLING.get(name.toLowerCase(Locale.ROOT));
              if (spelt != null) {
                values.forEach(
                    value -> reply.append(spelt).append(": ").append(value).append("\r\n"));
              }
            });
    reply.append("Content-Length: ").append(content.length).append("\r\n");
    reply.append("Connection: close\r\n\r\n");
    out.write(reply.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(content);
    out.flush();
  }

  private byte[] tamper(byte[] gzipped) throws IOException {
    String text =
        new String(
            new GZIPInputStream(new ByteArrayInputStream(gzipped)).readAllBytes(),
            StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(
          text.replaceFirst("oSandboxPayer", "oSandboxPayeR").getBytes(StandardCharsets.UTF_8));
    }
    tampered = true;
    return out.toByteArray();
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed before the request's head ended");
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    return text.substring(0, text.length() - 4);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
