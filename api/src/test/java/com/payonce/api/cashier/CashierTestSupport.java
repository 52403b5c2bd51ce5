package com.payonce.api.cashier;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.DecodeHintType;
import com.google.zxing.FormatException;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.payonce.api.ApiTestSupport;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import javax.imageio.ImageIO;

/** Orders for the cashier page, and its QR codes read back. Same context as every API test. */
abstract class CashierTestSupport extends ApiTestSupport {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** A new CNY order with a description; {@code expiresInSeconds} null for the default. */
  protected Reply order(String description, String amount, Integer expiresInSeconds) {
    Reply created =
        api(
            "POST",
            "/api/v1/orders",
            json(
                "orderId",
                uniqueId("cashier"),
                "customerId",
                "customer-cashier",
                "amount",
                amount,
                "currency",
                "CNY",
                "description",
                description,
                "expiresInSeconds",
                expiresInSeconds));
    assertOk(created, 201);
    return created;
  }

  /** A response with its body as bytes (an image), without any credential. */
  protected HttpResponse<byte[]> getBytes(String path) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create(baseUrl() + path)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The text of the QR code the cashier draws for the order now. */
  protected String qrCodeText(String orderId, String secret) {
    HttpResponse<byte[]> png = getBytes("/pay/" + orderId + "/qr.png?secret=" + secret);
    assertThat(png.statusCode()).as("QR code of %s", orderId).isEqualTo(200);
    assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
    return decodeQr(png.body());
  }

  protected static String decodeQr(byte[] png) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      // a generated image, not a photo: read module by module rather than hunted for
      return new QRCodeReader()
          .decode(
              new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
              Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE))
          .getText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NotFoundException | ChecksumException | FormatException e) {
      throw new AssertionError("not a readable QR code", e);
    }
  }
}
