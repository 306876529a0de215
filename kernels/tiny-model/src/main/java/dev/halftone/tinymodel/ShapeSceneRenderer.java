package dev.halftone.tinymodel;

import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Renders the general-quality set: one or two flat-coloured shapes on white, captioned by colour, shape and
 * arrangement ({@code a red circle above a blue square}).
 */
final class ShapeSceneRenderer {
    /** A shape a prompt can name. */
    enum Shape {
        CIRCLE("circle"), SQUARE("square"), TRIANGLE("triangle");

        private final String promptName;

        Shape(String promptName) {
            this.promptName = promptName;
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
            NamedColour.BLUE, NamedColour.YELLOW, NamedColour.ORANGE, NamedColour.PURPLE, NamedColour.BLACK);

    /** A caption and render of one shape (a third of samples) or two shapes in a relation. */
    SyntheticSample render(SplittableRandom random) {
        BufferedImage image = new BufferedImage(SyntheticDataGenerator.IMAGE_WIDTH,
                SyntheticDataGenerator.IMAGE_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            TextSceneRenderer.smooth(g);
            g.setColor(NamedColour.WHITE.color());
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            Shape first = pick(Shape.values(), random);
            NamedColour firstColour = SHAPE_COLOURS.get(random.nextInt(SHAPE_COLOURS.size()));
            int centreX = image.getWidth() / 2;
            int centreY = image.getHeight() / 2;
            if (random.nextInt(3) == 0) {
                int size = 36 + random.nextInt(13);
                draw(g, first, firstColour, centreX + random.nextInt(-24, 25), centreY + random.nextInt(-3, 4), size);
                return new SyntheticSample("a " + firstColour.promptName() + " " + first.promptName,
                        SampleCategory.SHAPES, "", image);
            }
            Shape second = pick(Shape.values(), random);
            NamedColour secondColour = SHAPE_COLOURS.get(random.nextInt(SHAPE_COLOURS.size()));
            while (secondColour == firstColour) {
                secondColour = SHAPE_COLOURS.get(random.nextInt(SHAPE_COLOURS.size()));
            }
            Relation relation = pick(Relation.values(), random);
            int sign = relation == Relation.ABOVE || relation == Relation.LEFT_OF ? -1 : 1;
            if (relation.vertical) {
                int size = 22 + random.nextInt(5);
                int x = centreX + random.nextInt(-20, 21);
                int offset = size / 2 + 2;
                draw(g, first, firstColour, x, centreY + sign * offset, size);
                draw(g, second, secondColour, x, centreY - sign * offset, size);
            } else {
                int size = 32 + random.nextInt(9);
                int y = centreY + random.nextInt(-4, 5);
                int offset = size / 2 + 6 + random.nextInt(12);
                draw(g, first, firstColour, centreX + sign * offset, y, size);
                draw(g, second, secondColour, centreX - sign * offset, y, size);
            }
            String prompt = "a " + firstColour.promptName() + " " + first.promptName + " " + relation.promptName
                    + " a " + secondColour.promptName() + " " + second.promptName;
            return new SyntheticSample(prompt, SampleCategory.SHAPES, "", image);
        } finally {
            g.dispose();
        }
    }

    private static void draw(Graphics2D g, Shape shape, NamedColour colour, int centreX, int centreY, int size) {
        g.setColor(colour.color());
        int left = centreX - size / 2;
        int top = centreY - size / 2;
        switch (shape) {
            case CIRCLE -> g.fillOval(left, top, size, size);
            case SQUARE -> g.fillRect(left, top, size, size);
            case TRIANGLE -> g.fillPolygon(new Polygon(new int[] {centreX, left + size, left},
                    new int[] {top, top + size, top + size}, 3));
        }
    }

    private static <T> T pick(T[] values, SplittableRandom random) {
        return values[random.nextInt(values.length)];
    }
}
