package dev.halftone.tinymodel;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes halftone-tiny's training set and benchmarks to a folder:
 * {@code images.npz} (one array {@code images}, (N, 64, 128, 3) uint8), {@code samples.jsonl} (prompt, category
 * and text per image, same order), {@code benchmark.json} and {@code manifest.json} (generator version, seed,
 * count, fonts, vocabulary digest).
 *
 * <p>Usage: {@code GenerateDataset <folder> <seed> <count>}.
 */
public final class GenerateDataset {
    private GenerateDataset() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: GenerateDataset <folder> <seed> <count>");
        }
        Path folder = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        int count = Integer.parseInt(args[2]);
        write(folder, seed, count);
    }

    static void write(Path folder, long seed, int count) throws IOException {
        Files.createDirectories(folder);
        Vocabulary vocabulary = Vocabulary.bundled();
        SyntheticDataGenerator generator = new SyntheticDataGenerator(seed, vocabulary);
        int w = SyntheticDataGenerator.IMAGE_WIDTH;
        int h = SyntheticDataGenerator.IMAGE_HEIGHT;
        byte[] pixels = new byte[Math.multiplyExact(count, w * h * 3)];
        try (Writer samples = Files.newBufferedWriter(folder.resolve("samples.jsonl"), StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                SyntheticSample sample = generator.sample(i);
                copyRgb(sample.image(), pixels, i * w * h * 3);
                samples.write("{\"prompt\": " + JsonText.quote(sample.prompt()) + ", \"category\": "
                        + JsonText.quote(sample.category().name()) + ", \"text\": " + JsonText.quote(sample.text())
                        + "}\n");
            }
        }
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(
                Files.newOutputStream(folder.resolve("images.npz"))))) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            zip.putNextEntry(new ZipEntry("images.npy"));
            new NpyUint8(new int[] {count, h, w, 3}, pixels).write(zip);
            zip.closeEntry();
        }
        Files.writeString(folder.resolve("benchmark.json"), "{\"text\": [\n  "
                + TinyBenchmark.textPrompts(vocabulary).stream().map(BenchmarkPrompt::toJson)
                        .collect(Collectors.joining(",\n  "))
                + "\n], \"general\": [\n  "
                + TinyBenchmark.generalPrompts(vocabulary).stream().map(BenchmarkPrompt::toJson)
                        .collect(Collectors.joining(",\n  "))
                + "\n]}\n");
        String fonts = List.of(TrainingFont.values()).stream()
                .map(f -> "{\"file\": " + JsonText.quote(f.file().toString()) + ", \"package\": "
                        + JsonText.quote(f.debianPackage()) + "}")
                .collect(Collectors.joining(", "));
        Files.writeString(folder.resolve("manifest.json"), "{\"generator\": \"dev.halftone.tinymodel.SyntheticDataGenerator\", "
                + "\"generator_version\": " + SyntheticDataGenerator.VERSION + ", \"seed\": " + seed
                + ", \"count\": " + count + ", \"image_height\": " + h + ", \"image_width\": " + w
                + ", \"words\": " + vocabulary.words().size() + ", \"numbers\": " + vocabulary.numbers().size()
                + ", \"vocabulary_sha256\": " + JsonText.quote(digest(vocabulary)) + ", \"fonts\": [" + fonts + "]}\n");
    }

    /** Row-major (y, x, rgb) bytes of a render into {@code out} at {@code offset}. */
    static void copyRgb(BufferedImage image, byte[] out, int offset) {
        int position = offset;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                out[position++] = (byte) (rgb >>> 16);
                out[position++] = (byte) (rgb >>> 8);
                out[position++] = (byte) rgb;
            }
        }
    }

    private static String digest(Vocabulary vocabulary) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            String texts = String.join("\n", vocabulary.words()) + "\n\n" + String.join("\n", vocabulary.numbers());
            return HexFormat.of().formatHex(sha256.digest(texts.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
