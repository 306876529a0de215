package dev.halftone.evaluation.ocr;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Text images of the kind the text benchmark asks for: one short line in a DejaVu face, centred on a plain
 * background, as large as fits in 90% of the width and height. Rendered with AWT, anti-aliased.
 */
final class SignImages {

    record Style(String family, int fontStyle, Color background, Color ink) {
    }

    static final List<Style> STYLES = List.of(
            new Style("DejaVu Sans", Font.PLAIN, Color.WHITE, Color.BLACK),
            new Style("DejaVu Sans", Font.BOLD, new Color(250, 225, 70), new Color(20, 20, 110)),
            new Style("DejaVu Serif", Font.PLAIN, new Color(35, 35, 35), new Color(240, 240, 240)),
            new Style("DejaVu Sans Mono", Font.BOLD, new Color(190, 30, 30), Color.WHITE),
            new Style("DejaVu Serif", Font.BOLD, new Color(210, 230, 250), new Color(10, 60, 20)));

    private SignImages() {
    }

    static BufferedImage render(String text, Style style, int width, int height) {
        Font probe = new Font(style.family(), style.fontStyle(), 12);
        if (!probe.getFamily().equals(style.family())) {
            throw new IllegalStateException("font " + style.family() + " is not installed (Debian: fonts-dejavu-core);"
                    + " AWT substituted " + probe.getFamily());
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(style.background());
        g.fillRect(0, 0, width, height);
        Font font = probe;
        FontMetrics metrics = g.getFontMetrics(font);
        for (int size = height; size > 4; size--) {
            font = probe.deriveFont((float) size);
            metrics = g.getFontMetrics(font);
            if (metrics.stringWidth(text) <= 0.9 * width && metrics.getAscent() + metrics.getDescent() <= 0.9 * height) {
                break;
            }
        }
        g.setFont(font);
        g.setColor(style.ink());
        int x = (width - metrics.stringWidth(text)) / 2;
        int y = (height - metrics.getAscent() - metrics.getDescent()) / 2 + metrics.getAscent();
        g.drawString(text, x, y);
        g.dispose();
        return image;
    }
}
