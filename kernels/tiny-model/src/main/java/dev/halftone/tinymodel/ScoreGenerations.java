package dev.halftone.tinymodel;

import dev.halftone.formats.json.JsonReader;
import dev.halftone.formats.json.JsonValue.JsonArray;
import dev.halftone.formats.json.JsonValue.JsonObject;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;

/**
 * OCR-scores halftone-tiny's generations on its text benchmark and draws contact sheets of both sets.
 * Input: {@code generations.npz} from {@code halftone_tiny.sample_benchmark} (arrays {@code text}, {@code general})
 * and the {@code benchmark.json} it sampled (written by {@link GenerateDataset}), in the same order. Output in the
 * given folder: {@code ocr.json}, {@code text-grid.png}, {@code general-grid.png}, and one line per prompt.
 *
 * <p>Usage: {@code ScoreGenerations <generations.npz> <benchmark.json> <out-folder>}.
 */
public final class ScoreGenerations {
    private static final int GRID_COLUMNS = 6;
    private static final int GRID_SCALE = 2;
    private static final int CAPTION_HEIGHT = 16;

    private ScoreGenerations() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ScoreGenerations <generations.npz> <benchmark.json> <out-folder>");
        }
        Path out = Files.createDirectories(Path.of(args[2]));
        JsonObject benchmark = (JsonObject) JsonReader.parse(Files.readString(Path.of(args[1])));
        List<SampledPrompt> textPrompts = prompts(benchmark.requireArray("text"));
        List<SampledPrompt> generalPrompts = prompts(benchmark.requireArray("general"));
        List<BufferedImage> textImages;
        List<BufferedImage> generalImages;
        try (ZipFile zip = new ZipFile(args[0])) {
            textImages = images(zip, "text.npy");
            generalImages = images(zip, "general.npy");
        }
        if (textImages.size() > textPrompts.size() || generalImages.size() > generalPrompts.size()) {
            throw new IllegalArgumentException("more generations than prompts in " + args[1]);
        }
        textPrompts = textPrompts.subList(0, textImages.size());
        generalPrompts = generalPrompts.subList(0, generalImages.size());

        List<String> readings = new TesseractReader().read(textImages);
        List<String> targets = textPrompts.stream().map(SampledPrompt::text).toList();
        Map<String, List<Integer>> byCategory = new TreeMap<>();
        for (int i = 0; i < textPrompts.size(); i++) {
            byCategory.computeIfAbsent(textPrompts.get(i).category(), c -> new ArrayList<>()).add(i);
            System.out.printf("%-6s %-14s read %s%n", textPrompts.get(i).category(), targets.get(i),
                    JsonText.quote(readings.get(i)));
        }
        OcrScore overall = OcrScore.of(targets, readings);
        StringBuilder json = new StringBuilder("{\"prompts\": "
                + overall.count() + ", \"exact_match\": " + format(overall.exactMatch()) + ", \"ned\": "
                + format(overall.meanNed()) + ", \"categories\": {");
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> entry : byCategory.entrySet()) {
            OcrScore score = OcrScore.of(entry.getValue().stream().map(targets::get).toList(),
                    entry.getValue().stream().map(readings::get).toList());
            parts.add(JsonText.quote(entry.getKey()) + ": {\"prompts\": " + score.count()
                    + ", \"exact_match\": " + format(score.exactMatch()) + ", \"ned\": " + format(score.meanNed()) + "}");
        }
        json.append(String.join(", ", parts)).append("}, \"readings\": [");
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            rows.add("{\"target\": " + JsonText.quote(targets.get(i)) + ", \"read\": " + JsonText.quote(readings.get(i))
                    + "}");
        }
        json.append(String.join(", ", rows)).append("]}\n");
        Files.writeString(out.resolve("ocr.json"), json.toString());
        ImageIO.write(grid(textImages, textPrompts.stream().map(SampledPrompt::text).toList()), "png",
                out.resolve("text-grid.png").toFile());
        ImageIO.write(grid(generalImages, generalPrompts.stream().map(SampledPrompt::prompt).toList()), "png",
                out.resolve("general-grid.png").toFile());
        System.out.printf("text benchmark: %d prompts, exact match %.3f, NED %.3f%n", overall.count(),
                overall.exactMatch(), overall.meanNed());
    }

    /** A prompt as benchmark.json recorded it; the category stays a name, as older generator versions spelled it. */
    private record SampledPrompt(String prompt, String category, String text) {
    }

    private static List<SampledPrompt> prompts(JsonArray entries) {
        return entries.elements().stream().map(JsonObject.class::cast)
                .map(e -> new SampledPrompt(e.requireString("prompt"), e.requireString("category"), e.requireString("text")))
                .toList();
    }

    private static List<BufferedImage> images(ZipFile zip, String entryName) throws IOException {
        ZipEntry entry = zip.getEntry(entryName);
        if (entry == null) {
            throw new IOException(zip.getName() + " has no " + entryName);
        }
        NpyUint8 array;
        try (InputStream in = zip.getInputStream(entry)) {
            array = NpyUint8.read(in);
        }
        int[] shape = array.shape();
        if (shape.length != 4 || shape[3] != 3) {
            throw new IOException(entryName + ": expected (N, H, W, 3), got " + java.util.Arrays.toString(shape));
        }
        List<BufferedImage> images = new ArrayList<>();
        int size = shape[1] * shape[2] * 3;
        for (int n = 0; n < shape[0]; n++) {
            BufferedImage image = new BufferedImage(shape[2], shape[1], BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < shape[1]; y++) {
                for (int x = 0; x < shape[2]; x++) {
                    int at = n * size + (y * shape[2] + x) * 3;
                    image.setRGB(x, y, (array.data()[at] & 0xFF) << 16 | (array.data()[at + 1] & 0xFF) << 8
                            | (array.data()[at + 2] & 0xFF));
                }
            }
            images.add(image);
        }
        return images;
    }

    /** Images at {@value #GRID_SCALE}x, {@value #GRID_COLUMNS} a row, each captioned below. */
    static BufferedImage grid(List<BufferedImage> images, List<String> captions) {
        int cellWidth = SyntheticDataGenerator.IMAGE_WIDTH * GRID_SCALE;
        int cellHeight = SyntheticDataGenerator.IMAGE_HEIGHT * GRID_SCALE + CAPTION_HEIGHT;
        int rows = Math.max(1, (images.size() + GRID_COLUMNS - 1) / GRID_COLUMNS);
        BufferedImage sheet = new BufferedImage(GRID_COLUMNS * cellWidth, rows * cellHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            for (int i = 0; i < images.size(); i++) {
                int x = (i % GRID_COLUMNS) * cellWidth;
                int y = (i / GRID_COLUMNS) * cellHeight;
                g.drawImage(images.get(i), x, y, cellWidth, cellHeight - CAPTION_HEIGHT, null);
                g.setColor(Color.BLACK);
                g.drawString(captions.get(i), x + 2, y + cellHeight - 4);
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
