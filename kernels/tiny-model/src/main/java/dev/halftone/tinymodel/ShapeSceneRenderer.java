package dev.halftone.tinymodel;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Renders the categories without text (shapes on a named background, spatial pairs, counting rows, striped and
 * nested shapes) with the caption forms of the evaluation service's halftone-tiny prompt set.
 */
final class ShapeSceneRenderer {
    /** A shape a prompt can name. */
    enum Figure {
        CIRCLE("circle"), SQUARE("square"), TRIANGLE("triangle"), STAR("star");

        private final String promptName;

        Figure(String promptName) {
            this.promptName = promptName;
        }

        /** The outline centred on (x, y) inside a size x size box. */
        Shape outline(double x, double y, double size) {
            double half = size / 2;
            return switch (this) {
                case CIRCLE -> new Ellipse2D.Double(x - half, y - half, size, size);
                case SQUARE -> new Rectangle2D.Double(x - half, y - half, size, size);
                case TRIANGLE -> polygon(new double[] {x, x + half, x - half}, new double[] {y - half, y + half, y + half});
                case STAR -> {
                    double[] xs = new double[10];
                    double[] ys = new double[10];
                    for (int i = 0; i < 10; i++) {
                        double radius = i % 2 == 0 ? half : half * 0.45;
                        double angle = -Math.PI / 2 + i * Math.PI / 5;
                        xs[i] = x + radius * Math.cos(angle);
                        ys[i] = y + half * 0.1 + radius * Math.sin(angle);
                    }
                    yield polygon(xs, ys);
                }
            };
        }

        private static Shape polygon(double[] xs, double[] ys) {
            Path2D.Double path = new Path2D.Double();
            path.moveTo(xs[0], ys[0]);
            for (int i = 1; i < xs.length; i++) {
                path.lineTo(xs[i], ys[i]);
            }
            path.closePath();
            return path;
        }
    }

    /** Where the first shape sits relative to the second. */
    enum Relation {
        ABOVE("above", true), BELOW("below", true), LEFT_OF("to the left of", false), RIGHT_OF("to the right of", false);

        private final String promptName;
        private final boolean vertical;

        Relation(String promptName, boolean vertical) {
            this.promptName = promptName;
            this.vertical = vertical;
        }
    }

    private static final List<NamedColour> SHAPE_COLOURS = List.of(NamedColour.RED, NamedColour.GREEN,
            NamedColour.BLUE, NamedColour.YELLOW, NamedColour.ORANGE, NamedColour.PURPLE, NamedColour.BLACK,
            NamedColour.WHITE);
    private static final List<NamedColour> NAMED_BACKGROUNDS = List.of(NamedColour.WHITE, NamedColour.BLACK,
            NamedColour.GREY, NamedColour.LIGHT_BLUE);
    /** The background of scenes whose caption names none: a light grey no prompt names. */
    private static final Color UNNAMED_BACKGROUND = new Color(204, 204, 204);
    private static final List<String> COUNT_WORDS = List.of("two", "three", "four");
    private static final int STRIPE_WIDTH = 6;

    /** A caption and render of one scene of a category without text. */
    SyntheticSample render(SampleCategory category, SplittableRandom random) {
        BufferedImage image = new BufferedImage(SyntheticDataGenerator.IMAGE_WIDTH,
                SyntheticDataGenerator.IMAGE_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            TextSceneRenderer.smooth(g);
            int centreX = image.getWidth() / 2;
            int centreY = image.getHeight() / 2;
            Figure first = pick(Figure.values(), random);
            NamedColour firstColour = pick(SHAPE_COLOURS, random);
            String prompt = switch (category) {
                case SHAPES -> {
                    NamedColour background = pick(NAMED_BACKGROUNDS, random);
                    while (background == firstColour) {
                        background = pick(NAMED_BACKGROUNDS, random);
                    }
                    fill(g, background.color(), image);
                    draw(g, first.outline(centreX + random.nextInt(-24, 25), centreY + random.nextInt(-3, 4),
                            40 + random.nextInt(13)), firstColour.color());
                    yield firstColour.withArticle() + " " + first.promptName + " on " + background.withArticle()
                            + " background";
                }
                case SPATIAL -> {
                    fill(g, UNNAMED_BACKGROUND, image);
                    Figure second = pick(Figure.values(), random);
                    NamedColour secondColour = pick(SHAPE_COLOURS, random);
                    while (secondColour == firstColour) {
                        secondColour = pick(SHAPE_COLOURS, random);
                    }
                    Relation relation = pick(Relation.values(), random);
                    int sign = relation == Relation.ABOVE || relation == Relation.LEFT_OF ? -1 : 1;
                    if (relation.vertical) {
                        int size = 24 + random.nextInt(5);
                        int x = centreX + random.nextInt(-20, 21);
                        int offset = size / 2 + 2;
                        draw(g, first.outline(x, centreY + sign * offset, size), firstColour.color());
                        draw(g, second.outline(x, centreY - sign * offset, size), secondColour.color());
                    } else {
                        int size = 34 + random.nextInt(9);
                        int y = centreY + random.nextInt(-4, 5);
                        int offset = size / 2 + 6 + random.nextInt(12);
                        draw(g, first.outline(centreX + sign * offset, y, size), firstColour.color());
                        draw(g, second.outline(centreX - sign * offset, y, size), secondColour.color());
                    }
                    yield firstColour.withArticle() + " " + first.promptName + " " + relation.promptName + " "
                            + secondColour.withArticle() + " " + second.promptName;
                }
                case COUNTING -> {
                    fill(g, UNNAMED_BACKGROUND, image);
                    int count = 2 + random.nextInt(3);
                    int gap = 6 + random.nextInt(5);
                    int size = Math.min(40, (120 - (count - 1) * gap) / count);
                    int rowWidth = count * size + (count - 1) * gap;
                    int y = centreY + random.nextInt(-4, 5);
                    for (int i = 0; i < count; i++) {
                        double x = centreX - rowWidth / 2.0 + size / 2.0 + i * (size + gap);
                        draw(g, first.outline(x, y, size), firstColour.color());
                    }
                    yield COUNT_WORDS.get(count - 2) + " " + firstColour.promptName() + " " + first.promptName
                            + "s in a row";
                }
                case COLOURS -> {
                    fill(g, UNNAMED_BACKGROUND, image);
                    NamedColour secondColour = pick(SHAPE_COLOURS, random);
                    while (secondColour == firstColour) {
                        secondColour = pick(SHAPE_COLOURS, random);
                    }
                    int x = centreX + random.nextInt(-16, 17);
                    if (random.nextBoolean()) {
                        Shape outline = first.outline(x, centreY, 46 + random.nextInt(9));
                        g.setClip(outline);
                        for (int stripe = 0; stripe * STRIPE_WIDTH < image.getWidth(); stripe++) {
                            g.setColor((stripe % 2 == 0 ? firstColour : secondColour).color());
                            g.fillRect(stripe * STRIPE_WIDTH, 0, STRIPE_WIDTH, image.getHeight());
                        }
                        g.setClip(null);
                        yield firstColour.withArticle() + " and " + secondColour.promptName() + " striped "
                                + first.promptName;
                    }
                    int size = 50 + random.nextInt(9);
                    draw(g, first.outline(x, centreY, size), firstColour.color());
                    double innerY = first == Figure.TRIANGLE ? centreY + size / 6.0 : centreY;
                    draw(g, Figure.SQUARE.outline(x, innerY, 12 + random.nextInt(5)), secondColour.color());
                    yield "a large " + firstColour.promptName() + " " + first.promptName + " containing a small "
                            + secondColour.promptName() + " square";
                }
                case SIGNAGE, LABELS, WORDS, NUMBERS ->
                        throw new IllegalArgumentException(category + " is a text category");
            };
            return new SyntheticSample(prompt, category, "", image);
        } finally {
            g.dispose();
        }
    }

    private static void fill(Graphics2D g, Color colour, BufferedImage image) {
        g.setColor(colour);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
    }

    private static void draw(Graphics2D g, Shape outline, Color colour) {
        g.setColor(colour);
        g.fill(outline);
    }

    private static <T> T pick(T[] values, SplittableRandom random) {
        return values[random.nextInt(values.length)];
    }

    private static <T> T pick(List<T> values, SplittableRandom random) {
        return values.get(random.nextInt(values.size()));
    }
}
