package com.payonce.sandbox.keys;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The simulator's keys, made at first start under a folder and read back after: every restart keeps
 * the keys its merchant was configured with. Nothing here is ever committed or logged.
 *
 * <p>Per channel, {@code <folder>/<channel>/} holds {@code merchant.pem} and {@code platform.pem}
 * (PKCS#8 private keys; the public halves are derived) and {@code ids.properties}.
 */
public final class SandboxKeys {
  private static final SecureRandom RANDOM = new SecureRandom();

  private SandboxKeys() {}

  /** The channel's keys from {@code folder}, made there first if missing. */
  public static synchronized ChannelKeys loadOrCreate(Path folder, String channel) {
    Path dir = folder.resolve(channel);
    try {
      if (!Files.exists(dir.resolve("ids.properties"))) {
        create(dir, channel);
      }
      Properties ids = new Properties();
      try (Reader in = Files.newBufferedReader(dir.resolve("ids.properties"))) {
        ids.load(in);
      }
      return new ChannelKeys(
          ids.getProperty("merchantId"),
          ids.getProperty("appId"),
          readPair(dir.resolve("merchant.pem")),
          ids.getProperty("merchantSerialNo"),
          readPair(dir.resolve("platform.pem")),
          ids.getProperty("platformKeyId"),
          ids.getProperty("apiV3Key"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the sandbox keys under " + dir, e);
    }
  }

  /** Fresh keys held in memory only (tests). */
  public static ChannelKeys generate(String channel) {
    String merchantId = merchantId(channel);
    return new ChannelKeys(
        merchantId,
        // Alipay has one id, the app_id: both fields carry it
        channel.startsWith("wechat") ? "wx" + hex(8) : merchantId,
        newPair(),
        hex(20).toUpperCase(),
        newPair(),
        "PUB_KEY_ID_" + hex(16),
        hex(16));
  }

  /** PEM of a private key (PKCS#8) or a public key (X.509 SubjectPublicKeyInfo). */
  public static String pem(java.security.Key key) {
    String type = key instanceof PrivateKey ? "PRIVATE KEY" : "PUBLIC KEY";
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded());
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  /** The key bytes of a PEM block or of bare base64, whichever it is given. */
  public static byte[] der(String pemOrBase64) {
    String base64 = pemOrBase64.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(base64);
  }

  public static PrivateKey privateKey(String pemOrBase64) {
    try {
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(der(pemOrBase64)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an RSA private key in PKCS#8", e);
    }
  }

  public static PublicKey publicKey(String pemOrBase64) {
    try {
      return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(pemOrBase64)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an RSA public key in X.509", e);
    }
  }

  private static void create(Path dir, String channel) throws IOException {
    ChannelKeys keys = generate(channel);
    Files.createDirectories(dir);
    write(dir.resolve("merchant.pem"), pem(keys.merchant().getPrivate()));
    write(dir.resolve("platform.pem"), pem(keys.platform().getPrivate()));
    Properties ids = new Properties();
    ids.setProperty("merchantId", keys.merchantId());
    ids.setProperty("appId", keys.appId());
    ids.setProperty("merchantSerialNo", keys.merchantSerialNo());
    ids.setProperty("platformKeyId", keys.platformKeyId());
    ids.setProperty("apiV3Key", keys.apiV3Key());
    Path tmp = Files.createTempFile(dir, "ids", ".tmp");
    try (Writer out = Files.newBufferedWriter(tmp)) {
      ids.store(out, "made by the payonce channel sandbox; keep out of version control");
    }
    // the ids file is written last and atomically: its presence means the keys are complete
    Files.move(tmp, dir.resolve("ids.properties"), StandardCopyOption.ATOMIC_MOVE);
  }

  /** Readable by its owner only where the file system says who owns what. */
  static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.US_ASCII);
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }

  private static KeyPair readPair(Path file) throws IOException {
    PrivateKey key = privateKey(Files.readString(file, StandardCharsets.US_ASCII));
    try {
      java.security.interfaces.RSAPrivateCrtKey crt =
          (java.security.interfaces.RSAPrivateCrtKey) key;
      PublicKey pub =
          KeyFactory.getInstance("RSA")
              .generatePublic(
                  new java.security.spec.RSAPublicKeySpec(
                      crt.getModulus(), crt.getPublicExponent()));
      return new KeyPair(pub, key);
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IllegalStateException(file + " is not an RSA private key", e);
    }
  }

  private static KeyPair newPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Alipay's app ids are 16 digits starting 2021; WeChat Pay's mchids 10 digits. */
  private static String merchantId(String channel) {
    long digits = Math.floorMod(RANDOM.nextLong(), 1_000_000_000_000L);
    return channel.startsWith("wechat")
        ? "1" + String.format("%09d", digits % 1_000_000_000L)
        : "2021" + String.format("%012d", digits);
  }

  private static String hex(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
