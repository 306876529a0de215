package dev.halftone.tinymodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SyntheticDataGeneratorTest {
    private static final Vocabulary VOCABULARY = Vocabulary.bundled();
    private static final String COLOUR = "(?:red|green|blue|yellow|orange|purple|black|white|grey|light blue)";
    private static final String FIGURE = "(?:circle|square|triangle|star)";
    private static final String WORD_TEXT = "\"(?<text>[A-Z0-9 ]+)\"";
    private static final String NUMBER_TEXT = "\"(?<text>[0-9./]+)\"";
    private static final Map<SampleCategory, Pattern> TEMPLATES = Map.of(
            SampleCategory.SIGNAGE, Pattern.compile(
                    "(?:a sign that says|a storefront sign reading|a street sign that says) " + WORD_TEXT),
            SampleCategory.LABELS, Pattern.compile(
                    "(?:a jar labeled|a bottle with a label that says|a box labeled) " + WORD_TEXT),
            SampleCategory.WORDS, Pattern.compile("the word " + WORD_TEXT
                    + " (?:written in (?<ink1>" + COLOUR + ")|in (?<ink2>" + COLOUR + ") letters) on an? (?<ground>"
                    + COLOUR + ") background"),
            SampleCategory.NUMBERS, Pattern.compile("(?:the number " + NUMBER_TEXT.replace("text", "text1")
                    + " painted on a wall|a door with the number " + NUMBER_TEXT.replace("text", "text2")
                    + "|a price tag that says " + NUMBER_TEXT.replace("text", "text3") + ")"),
            SampleCategory.SHAPES, Pattern.compile("an? " + COLOUR + " " + FIGURE + " on an? " + COLOUR + " background"),
            SampleCategory.SPATIAL, Pattern.compile("an? " + COLOUR + " " + FIGURE
                    + " (?:above|below|to the left of|to the right of) an? " + COLOUR + " " + FIGURE),
            SampleCategory.COUNTING, Pattern.compile("(?:two|three|four) " + COLOUR + " " + FIGURE + "s in a row"),
            SampleCategory.COLOURS, Pattern.compile("(?:an? " + COLOUR + " and " + COLOUR + " striped " + FIGURE
                    + "|a large " + COLOUR + " " + FIGURE + " containing a small " + COLOUR + " square)"));

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
        for (int i = 0; i < 800; i++) {
            SyntheticSample sample = generator.sample(i);
            counts.merge(sample.category(), 1, Integer::sum);
            Matcher matcher = TEMPLATES.get(sample.category()).matcher(sample.prompt());
            assertTrue(matcher.matches(), sample.category() + " caption: " + sample.prompt());
            assertFalse(sample.prompt().matches(".*\\ba [aeiou].*"), "article: " + sample.prompt());
            if (sample.category().hasText()) {
                assertEquals(sample.text(), spelled(sample.category(), matcher));
                List<String> pool = sample.category() == SampleCategory.NUMBERS ? VOCABULARY.numbers()
                        : VOCABULARY.words();
                assertTrue(pool.contains(sample.text()), sample.text());
            }
            assertEquals(SyntheticDataGenerator.IMAGE_WIDTH, sample.image().getWidth());
            assertEquals(SyntheticDataGenerator.IMAGE_HEIGHT, sample.image().getHeight());
        }
        // shares 18% per text category, 7% per other category: each within a few points at 800 samples
        assertEquals(SampleCategory.values().length, counts.size(), counts.toString());
        assertTrue(Math.abs(counts.get(SampleCategory.SIGNAGE) - 144) < 40, counts.toString());
        assertTrue(Math.abs(counts.get(SampleCategory.COUNTING) - 56) < 25, counts.toString());
    }

    @Test
    void wordRendersUseTheColoursTheirCaptionNames() {
        SyntheticDataGenerator generator = new SyntheticDataGenerator(1, VOCABULARY);
        int checked = 0;
        for (int i = 0; checked < 20; i++) {
            SyntheticSample sample = generator.sample(i);
            if (sample.category() != SampleCategory.WORDS) {
                continue;
            }
            Matcher matcher = TEMPLATES.get(SampleCategory.WORDS).matcher(sample.prompt());
            assertTrue(matcher.matches());
            String inkName = matcher.group("ink1") != null ? matcher.group("ink1") : matcher.group("ink2");
            NamedColour ink = colour(inkName);
            NamedColour ground = colour(matcher.group("ground"));
            assertFalse(ink == ground, "ink equals ground: " + sample.prompt());
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
            if (sample.category() != SampleCategory.WORDS) {
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

    private static String spelled(SampleCategory category, Matcher matcher) {
        if (category != SampleCategory.NUMBERS) {
            return matcher.group("text");
        }
        for (String group : List.of("text1", "text2", "text3")) {
            if (matcher.group(group) != null) {
                return matcher.group(group);
            }
        }
        throw new AssertionError("no number in " + matcher.group());
    }

    private static NamedColour colour(String promptName) {
        for (NamedColour colour : NamedColour.values()) {
            if (colour.promptName().equals(promptName)) {
                return colour;
            }
        }
        throw new AssertionError("no colour named " + promptName);
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
