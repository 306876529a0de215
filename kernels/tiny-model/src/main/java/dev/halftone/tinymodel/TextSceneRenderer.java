package dev.halftone.tinymodel;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.font.GlyphVector;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Renders the text categories at 128x64 with the caption templates of the evaluation service's halftone-tiny
 * prompt set: one line of large bold sans text, high contrast, sized to fill most of its box and placed near the
 * box centre, so that every render stays legible.
 */
final class TextSceneRenderer {
    /** Ink on ground for {@link SampleCategory#WORDS}; each pair has high luminance contrast. */
    private static final List<InkOnGround> WORD_COLOURS = List.of(
            pair(NamedColour.BLACK, NamedColour.WHITE), pair(NamedColour.WHITE, NamedColour.BLACK),
            pair(NamedColour.RED, NamedColour.WHITE), pair(NamedColour.BLUE, NamedColour.WHITE),
            pair(NamedColour.GREEN, NamedColour.WHITE), pair(NamedColour.PURPLE, NamedColour.WHITE),
            pair(NamedColour.BLACK, NamedColour.YELLOW), pair(NamedColour.RED, NamedColour.YELLOW),
            pair(NamedColour.WHITE, NamedColour.RED), pair(NamedColour.WHITE, NamedColour.BLUE),
            pair(NamedColour.WHITE, NamedColour.GREEN), pair(NamedColour.YELLOW, NamedColour.BLACK),
            pair(NamedColour.WHITE, NamedColour.PURPLE), pair(NamedColour.BLACK, NamedColour.ORANGE),
            pair(NamedColour.YELLOW, NamedColour.BLUE), pair(NamedColour.BLACK, NamedColour.LIGHT_BLUE));
    /** Lettering on board for {@code a sign that says}. */
    private static final List<InkOnGround> SIGN_COLOURS = List.of(
            pair(NamedColour.WHITE, NamedColour.GREEN), pair(NamedColour.WHITE, NamedColour.BLUE),
            pair(NamedColour.WHITE, NamedColour.RED), pair(NamedColour.BLACK, NamedColour.YELLOW),
            pair(NamedColour.BLACK, NamedColour.WHITE), pair(NamedColour.YELLOW, NamedColour.BLACK));
    /** Lettering on board for {@code a storefront sign reading}. */
    private static final List<InkOnGround> STOREFRONT_COLOURS = List.of(
            pair(NamedColour.WHITE, NamedColour.RED), pair(NamedColour.YELLOW, NamedColour.BLACK),
            pair(NamedColour.WHITE, NamedColour.BLACK), pair(NamedColour.WHITE, NamedColour.PURPLE));
    /** Lettering on board for {@code a street sign that says}. */
    private static final List<InkOnGround> STREET_SIGN_COLOURS = List.of(
            pair(NamedColour.WHITE, NamedColour.GREEN), pair(NamedColour.WHITE, NamedColour.BLUE));
    /** Walls behind signs and painted numbers: muted tones that no prompt names. */
    private static final List<Color> WALLS = List.of(
            new Color(196, 196, 196), new Color(222, 206, 176), new Color(168, 198, 228), new Color(142, 72, 56),
            new Color(88, 96, 104));
    private static final Color JAR = new Color(196, 120, 40);
    private static final Color BOTTLE = new Color(40, 110, 60);
    private static final Color BOX = new Color(168, 120, 72);
    private static final Color DOOR = new Color(110, 70, 40);
    private static final Color TAG_GROUND = new Color(220, 220, 220);
    private static final int MARGIN = 6;
    private static final float LARGEST_FONT_SIZE = 44f;
    private static final int MAX_JITTER_X = 6;
    private static final int MAX_JITTER_Y = 3;

    /** A colour of text over the colour under it. */
    private record InkOnGround(NamedColour ink, NamedColour ground) {
    }

    private final List<Font> fonts;

    /** Loads every {@link TrainingFont}; fails naming the Debian package of a missing one. */
    TextSceneRenderer() {
        fonts = Arrays.stream(TrainingFont.values()).map(TrainingFont::load).toList();
    }

    /** A caption and render of {@code text} in one text category, every choice drawn from {@code random}. */
    SyntheticSample render(SampleCategory category, String text, SplittableRandom random) {
        BufferedImage image = new BufferedImage(SyntheticDataGenerator.IMAGE_WIDTH,
                SyntheticDataGenerator.IMAGE_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Rectangle whole = new Rectangle(0, 0, image.getWidth(), image.getHeight());
        Graphics2D g = image.createGraphics();
        try {
            smooth(g);
            Font font = fonts.get(random.nextInt(fonts.size()));
            String quoted = "\"" + text + "\"";
            int template = random.nextInt(3);
            String prompt = switch (category) {
                case SIGNAGE -> {
                    List<InkOnGround> palette = List.of(SIGN_COLOURS, STOREFRONT_COLOURS, STREET_SIGN_COLOURS)
                            .get(template);
                    InkOnGround colours = palette.get(random.nextInt(palette.size()));
                    fill(g, WALLS.get(random.nextInt(WALLS.size())), whole);
                    Rectangle board = inset(whole, 2 + random.nextInt(4), 2 + random.nextInt(4));
                    g.setColor(colours.ground().color());
                    g.fillRoundRect(board.x, board.y, board.width, board.height, 10, 10);
                    drawText(g, text, font, colours.ink().color(), inset(board, 5, 5), random);
                    yield List.of("a sign that says ", "a storefront sign reading ", "a street sign that says ")
                            .get(template) + quoted;
                }
                case LABELS -> {
                    fill(g, List.of(JAR, BOTTLE, BOX).get(template), whole);
                    Rectangle label = inset(whole, 3 + random.nextInt(6), 5 + random.nextInt(6));
                    fill(g, NamedColour.WHITE.color(), label);
                    drawText(g, text, font, NamedColour.BLACK.color(), inset(label, 4, 3), random);
                    yield List.of("a jar labeled ", "a bottle with a label that says ", "a box labeled ")
                            .get(template) + quoted;
                }
                case WORDS -> {
                    InkOnGround colours = WORD_COLOURS.get(random.nextInt(WORD_COLOURS.size()));
                    fill(g, colours.ground().color(), whole);
                    drawText(g, text, font, colours.ink().color(), inset(whole, MARGIN, MARGIN), random);
                    String ground = " on " + colours.ground().withArticle() + " background";
                    yield template == 0
                            ? "the word " + quoted + " written in " + colours.ink().promptName() + ground
                            : "the word " + quoted + " in " + colours.ink().promptName() + " letters" + ground;
                }
                case NUMBERS -> {
                    if (template == 0) {
                        Color wall = WALLS.get(random.nextInt(WALLS.size()));
                        fill(g, wall, whole);
                        NamedColour paint = luminance(wall) > 128 ? NamedColour.BLACK : NamedColour.WHITE;
                        drawText(g, text, font, paint.color(), inset(whole, MARGIN, MARGIN), random);
                        yield "the number " + quoted + " painted on a wall";
                    }
                    fill(g, template == 1 ? DOOR : TAG_GROUND, whole);
                    Rectangle plate = inset(whole, 6 + random.nextInt(8), 5 + random.nextInt(6));
                    fill(g, template == 1 ? NamedColour.WHITE.color() : NamedColour.YELLOW.color(), plate);
                    drawText(g, text, font, NamedColour.BLACK.color(), inset(plate, 4, 3), random);
                    yield template == 1 ? "a door with the number " + quoted : "a price tag that says " + quoted;
                }
                case SHAPES, SPATIAL, COUNTING, COLOURS ->
                        throw new IllegalArgumentException(category + " is not a text category");
            };
            return new SyntheticSample(prompt, category, text, image);
        } finally {
            g.dispose();
        }
    }

    /** Largest size that fits the box, scaled by a random 80-100%, centred with a small jitter inside the slack. */
    private static void drawText(Graphics2D g, String text, Font font, Color colour, Rectangle box,
                                 SplittableRandom random) {
        float size = LARGEST_FONT_SIZE;
        GlyphVector glyphs = glyphs(g, font.deriveFont(size), text);
        Rectangle2D bounds = glyphs.getVisualBounds();
        while (bounds.getWidth() > box.width || bounds.getHeight() > box.height) {
            size -= 1f;
            glyphs = glyphs(g, font.deriveFont(size), text);
            bounds = glyphs.getVisualBounds();
        }
        size = Math.round(size * (0.8f + 0.2f * (float) random.nextDouble()));
        glyphs = glyphs(g, font.deriveFont(size), text);
        bounds = glyphs.getVisualBounds();
        double slackX = box.width - bounds.getWidth();
        double slackY = box.height - bounds.getHeight();
        double left = box.x + slackX / 2 + jitter(random, Math.min(MAX_JITTER_X, slackX / 2));
        double top = box.y + slackY / 2 + jitter(random, Math.min(MAX_JITTER_Y, slackY / 2));
        g.setColor(colour);
        g.drawGlyphVector(glyphs, (float) Math.round(left - bounds.getX()), (float) Math.round(top - bounds.getY()));
    }

    private static GlyphVector glyphs(Graphics2D g, Font font, String text) {
        return font.createGlyphVector(g.getFontRenderContext(), text);
    }

    private static double jitter(SplittableRandom random, double limit) {
        return limit <= 0 ? 0 : random.nextDouble(-limit, limit);
    }

    private static double luminance(Color colour) {
        return 0.299 * colour.getRed() + 0.587 * colour.getGreen() + 0.114 * colour.getBlue();
    }

    static void smooth(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    }

    private static void fill(Graphics2D g, Color colour, Rectangle area) {
        g.setColor(colour);
        g.fill(area);
    }

    private static Rectangle inset(Rectangle area, int dx, int dy) {
        return new Rectangle(area.x + dx, area.y + dy, area.width - 2 * dx, area.height - 2 * dy);
    }

    private static InkOnGround pair(NamedColour ink, NamedColour ground) {
        return new InkOnGround(ink, ground);
    }
}
