package dev.halftone.tinymodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SyntheticDataGeneratorTest {
    private static final Vocabulary VOCABULARY = Vocabulary.bundled();
    private static final Pattern SIGN = Pattern.compile("a sign that says \"([A-Z0-9 ]+)\"");
    private static final Pattern WORD = Pattern.compile(
            "the word \"([A-Z0-9 ]+)\" in (red|green|blue|yellow|orange|purple|black|white) on "
                    + "(red|green|blue|yellow|orange|purple|black|white)");
    private static final Pattern LABEL = Pattern.compile("a label that reads \"([A-Z0-9 ]+)\"");
    private static final Pattern SHAPES = Pattern.compile(
            "a (red|green|blue|yellow|orange|purple|black) (circle|square|triangle)"
                    + "( (above|below|to the left of|to the right of) a (red|green|blue|yellow|orange|purple|black)"
                    + " (circle|square|triangle))?");

    @Test
    void sameSeedAndIndexGiveTheSamePixelsAndCaption() {
        SyntheticSample first = new SyntheticDataGenerator(5, VOCABULARY).sample(123);
        SyntheticSample again = new SyntheticDataGenerator(5, VOCABULARY).sample(123);
        assertEquals(first.prompt(), again.prompt());
        assertArrayEquals(pixels(first.image()), pixels(again.image()));
    }

    @Test
    void anotherSeedGivesAnotherDataset() {
        SyntheticDataGenerator a = new SyntheticDataGenerator(5, VOCABULARY);
        SyntheticDataGenerator b = new SyntheticDataGenerator(6, VOCABULARY);
        int samePrompts = 0;
        for (int i = 0; i < 50; i++) {
            samePrompts += a.sample(i).prompt().equals(b.sample(i).prompt()) ? 1 : 0;
        }
        assertTrue(samePrompts < 10, samePrompts + " of 50 captions agree across seeds");
    }

    @Test
    void captionsFollowTheirCategoryTemplateAndSpellTheText() {
        SyntheticDataGenerator generator = new SyntheticDataGenerator(1, VOCABULARY);
        Map<SampleCategory, Integer> counts = new EnumMap<>(SampleCategory.class);
        for (int i = 0; i < 600; i++) {
            SyntheticSample sample = generator.sample(i);
            counts.merge(sample.category(), 1, Integer::sum);
            Pattern template = switch (sample.category()) {
                case SIGN -> SIGN;
                case WORD -> WORD;
                case LABEL -> LABEL;
                case SHAPES -> SHAPES;
            };
            var matcher = template.matcher(sample.prompt());
            assertTrue(matcher.matches(), sample.category() + " caption: " + sample.prompt());
            if (sample.category().hasText()) {
                assertEquals(sample.text(), matcher.group(1));
                assertTrue(VOCABULARY.texts().contains(sample.text()), sample.text());
            }
            if (sample.category() == SampleCategory.WORD) {
                assertFalse(matcher.group(2).equals(matcher.group(3)), "ink equals ground: " + sample.prompt());
            }
            assertEquals(SyntheticDataGenerator.IMAGE_WIDTH, sample.image().getWidth());
            assertEquals(SyntheticDataGenerator.IMAGE_HEIGHT, sample.image().getHeight());
        }
        // shares 27/27/26/20 percent: each within a few points at 600 samples
        assertEquals(4, counts.size(), counts.toString());
        assertTrue(Math.abs(counts.get(SampleCategory.SHAPES) - 120) < 40, counts.toString());
        assertTrue(Math.abs(counts.get(SampleCategory.SIGN) - 162) < 45, counts.toString());
    }

    @Test
    void wordRendersUseTheColoursTheirCaptionNames() {
        SyntheticDataGenerator generator = new SyntheticDataGenerator(1, VOCABULARY);
        int checked = 0;
        for (int i = 0; checked < 20; i++) {
            SyntheticSample sample = generator.sample(i);
            if (sample.category() != SampleCategory.WORD) {
                continue;
            }
            var matcher = WORD.matcher(sample.prompt());
            assertTrue(matcher.matches());
            NamedColour ink = NamedColour.valueOf(matcher.group(2).toUpperCase());
            NamedColour ground = NamedColour.valueOf(matcher.group(3).toUpperCase());
            assertEquals(ground.color().getRGB(), sample.image().getRGB(0, 0), sample.prompt());
            boolean inkFound = false;
            for (int p : pixels(sample.image())) {
                inkFound |= p == ink.color().getRGB();
            }
            assertTrue(inkFound, "no pixel of the ink colour in " + sample.prompt());
            checked++;
        }
    }

    @Test
    void textStaysClearOfTheImageEdge() {
        SyntheticDataGenerator generator = new SyntheticDataGenerator(2, VOCABULARY);
        int checked = 0;
        for (int i = 0; checked < 40; i++) {
            SyntheticSample sample = generator.sample(i);
            if (sample.category() != SampleCategory.WORD) {
                continue;
            }
            BufferedImage image = sample.image();
            int ground = image.getRGB(0, 0);
            for (int x = 0; x < image.getWidth(); x++) {
                for (int y : new int[] {0, 1, 2, image.getHeight() - 3, image.getHeight() - 2, image.getHeight() - 1}) {
                    assertEquals(ground, image.getRGB(x, y), sample.prompt() + " touches row " + y);
                }
            }
            checked++;
        }
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
