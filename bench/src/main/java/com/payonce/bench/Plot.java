package com.payonce.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** Latency (p99, log scale) versus achieved throughput, drawn with Java2D into a PNG. */
final class Plot {
  /** One point: a system at one rate, for one metric. */
  record Point(String label, String system, String metric, double offered, double achieved, double p99Millis) {}

  private static final int W = 1100;
  private static final int H = 700;
  private static final int LEFT = 80;
  private static final int RIGHT = 330;
  private static final int TOP = 50;
  private static final int BOTTOM = 70;
  private static final Map<String, Color> METRIC_COLORS =
      Map.of(Metrics.CHECKOUT, new Color(0x1f77b4), Metrics.PAY, new Color(0xff7f0e),
          Metrics.SETTLE, new Color(0x2ca02c));
  private static final Map<String, Double> TARGETS =
      Map.of(Metrics.CHECKOUT, 30.0, Metrics.PAY, 100.0, Metrics.SETTLE, 200.0);

  static void write(List<Point> points, String title, Path png) throws IOException {
    BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    double maxX = 10;
    double minY = 1;
    double maxY = 1000;
    for (Point p : points) {
      maxX = Math.max(maxX, p.achieved());
      if (p.p99Millis() > 0) {
        minY = Math.min(minY, p.p99Millis());
        maxY = Math.max(maxY, p.p99Millis());
      }
    }
    final double xMax = Math.ceil(maxX * 1.1 / 10) * 10;
    final double logMin = Math.floor(Math.log10(minY));
    final double logMax = Math.ceil(Math.log10(maxY));
    int pw = W - LEFT - RIGHT;
    int ph = H - TOP - BOTTOM;
    java.util.function.DoubleUnaryOperator sx = x -> LEFT + x / xMax * pw;
    java.util.function.DoubleUnaryOperator sy =
        y -> TOP + ph - (Math.log10(Math.max(y, Math.pow(10, logMin))) - logMin) / (logMax - logMin) * ph;

    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(new Color(0xdddddd));
    for (double d = logMin; d <= logMax; d++) {
      for (int k = 1; k < 10; k++) {
        double v = Math.pow(10, d) * k;
        if (Math.log10(v) > logMax) {
          break;
        }
        int y = (int) sy.applyAsDouble(v);
        g.setColor(k == 1 ? new Color(0xbbbbbb) : new Color(0xeeeeee));
        g.drawLine(LEFT, y, LEFT + pw, y);
        if (k == 1) {
          g.setColor(Color.DARK_GRAY);
          String label = v >= 1000 ? (long) (v / 1000) + " s" : (v >= 1 ? (long) v + " ms" : v + " ms");
          g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), y + 4);
        }
      }
    }
    double step = xMax <= 50 ? 5 : xMax <= 120 ? 10 : xMax <= 300 ? 25 : 50;
    for (double x = 0; x <= xMax + 1e-9; x += step) {
      int px = (int) sx.applyAsDouble(x);
      g.setColor(new Color(0xeeeeee));
      g.drawLine(px, TOP, px, TOP + ph);
      g.setColor(Color.DARK_GRAY);
      String label = String.valueOf((long) x);
      g.drawString(label, px - g.getFontMetrics().stringWidth(label) / 2, TOP + ph + 18);
    }
    g.setColor(Color.BLACK);
    g.drawRect(LEFT, TOP, pw, ph);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString(title, LEFT, TOP - 20);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.drawString("achieved throughput (orders settled per second)", LEFT + pw / 2 - 150, H - 25);
    Graphics2D rotated = (Graphics2D) g.create();
    rotated.rotate(-Math.PI / 2);
    rotated.drawString("p99 latency (log scale)", -(TOP + ph / 2 + 70), 20);
    rotated.dispose();

    // targets
    Stroke dotted = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {2, 4}, 0);
    for (Map.Entry<String, Double> t : TARGETS.entrySet()) {
      g.setColor(METRIC_COLORS.get(t.getKey()));
      g.setStroke(dotted);
      int y = (int) sy.applyAsDouble(t.getValue());
      g.drawLine(LEFT, y, LEFT + pw, y);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
      g.drawString("target " + t.getKey() + " p99 " + t.getValue().intValue() + " ms", LEFT + 4, y - 3);
    }

    // series: (label, system, metric)
    Map<String, List<Point>> series = new LinkedHashMap<>();
    for (Point p : points) {
      series.computeIfAbsent(p.label() + " | " + p.system() + " | " + p.metric(), k -> new ArrayList<>()).add(p);
    }
    List<String> labels = points.stream().map(Point::label).distinct().toList();
    int legendY = TOP + 10;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (Map.Entry<String, List<Point>> s : series.entrySet()) {
      List<Point> ps = new ArrayList<>(s.getValue());
      ps.sort((a, b) -> Double.compare(a.offered(), b.offered())); // past capacity the curve bends back
      Point first = ps.get(0);
      Color color = METRIC_COLORS.getOrDefault(first.metric(), Color.GRAY);
      boolean floor = first.system().equals("floor");
      int labelIndex = labels.indexOf(first.label());
      if (labelIndex > 0) {
        color = color.darker();
      }
      g.setColor(color);
      g.setStroke(floor
          ? new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10, new float[] {7, 5}, 0)
          : new BasicStroke(2.2f));
      for (int i = 1; i < ps.size(); i++) {
        g.drawLine((int) sx.applyAsDouble(ps.get(i - 1).achieved()), (int) sy.applyAsDouble(ps.get(i - 1).p99Millis()),
            (int) sx.applyAsDouble(ps.get(i).achieved()), (int) sy.applyAsDouble(ps.get(i).p99Millis()));
      }
      g.setStroke(new BasicStroke(1.5f));
      for (Point p : ps) {
        marker(g, labelIndex, (int) sx.applyAsDouble(p.achieved()), (int) sy.applyAsDouble(p.p99Millis()), floor);
      }
      // legend
      int lx = LEFT + pw + 20;
      g.setStroke(floor
          ? new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10, new float[] {7, 5}, 0)
          : new BasicStroke(2.2f));
      g.drawLine(lx, legendY, lx + 30, legendY);
      g.setStroke(new BasicStroke(1.5f));
      marker(g, labelIndex, lx + 15, legendY, floor);
      g.setColor(Color.BLACK);
      g.drawString(first.system() + " " + first.metric() + " (" + first.label() + ")", lx + 38, legendY + 4);
      legendY += 20;
    }
    g.dispose();
    Files.createDirectories(png.toAbsolutePath().getParent());
    ImageIO.write(image, "png", png.toFile());
  }

  private static void marker(Graphics2D g, int shape, int x, int y, boolean hollow) {
    int r = 4;
    switch (shape % 3) {
      case 0 -> {
        if (hollow) g.drawOval(x - r, y - r, 2 * r, 2 * r); else g.fillOval(x - r, y - r, 2 * r, 2 * r);
      }
      case 1 -> {
        if (hollow) g.drawRect(x - r, y - r, 2 * r, 2 * r); else g.fillRect(x - r, y - r, 2 * r, 2 * r);
      }
      default -> {
        int[] xs = {x, x - r - 1, x + r + 1};
        int[] ys = {y - r - 1, y + r, y + r};
        if (hollow) g.drawPolygon(xs, ys, 3); else g.fillPolygon(xs, ys, 3);
      }
    }
  }
}
