package com.payonce.api.cashier;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** A QR code as a PNG image, sized for a phone to scan it from a screen. */
final class QrCodePng {
  static final int SIZE = 240;

  /** The quiet zone is the 4 modules the standard asks for: a scanner finds the code by it. */
  private static final Map<EncodeHintType, Object> HINTS =
      Map.of(
          EncodeHintType.CHARACTER_SET,
          "UTF-8",
          EncodeHintType.ERROR_CORRECTION,
          ErrorCorrectionLevel.M,
          EncodeHintType.MARGIN,
          4);

  private QrCodePng() {}

  static byte[] of(String content) {
    try {
      BitMatrix matrix =
          new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, SIZE, SIZE, HINTS);
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      MatrixToImageWriter.writeToStream(matrix, "PNG", png);
      return png.toByteArray();
    } catch (WriterException e) {
      throw new IllegalArgumentException("a pay URL too long for a QR code", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
