package dev.halftone.evaluation.ocr;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The real Tesseract engine, run as the {@code tesseract} command (Debian: tesseract-ocr, tesseract-ocr-eng).
 *
 * <p>A batch is one process: the images go to a temporary folder, a list file names them, and Tesseract reads the
 * list with a page separator between readings, so the language model is loaded once per batch rather than once per
 * image (about 8x faster here). The command line rather than tess4j keeps JNA and the unversioned libtesseract
 * symlinks out of the runtime; the engine and its models are the same. Stateless, so one instance can serve
 * several threads (each batch gets its own process and temporary folder).
 */
public final class TesseractOcr implements OcrEngine {

    /** Between two pages of one batch; text on a sign cannot contain it. */
    private static final String PAGE_SEPARATOR = "@@halftone-page@@";

    private final TesseractOptions options;

    public TesseractOcr(TesseractOptions options) {
        this.options = options;
    }

    public TesseractOcr() {
        this(TesseractOptions.DEFAULTS);
    }

    @Override
    public List<String> readAll(List<BufferedImage> images) {
        if (images.isEmpty()) {
            return List.of();
        }
        Path folder = null;
        try {
            folder = Files.createTempDirectory("halftone-ocr");
            List<String> listing = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                Path page = folder.resolve("page-" + i + ".png");
                ImageIO.write(upscaled(images.get(i)), "png", page.toFile());
                listing.add(page.toString());
            }
            Path list = Files.write(folder.resolve("pages.txt"), listing, StandardCharsets.UTF_8);
            String output = run(folder, list.toString(), "stdout", "--psm", Integer.toString(options.pageSegmentation()),
                    "-l", options.language(), "-c", "page_separator=" + PAGE_SEPARATOR);
            List<String> readings = Arrays.stream(output.split(PAGE_SEPARATOR, -1)).map(String::strip).toList();
            if (readings.size() != images.size()) {
                throw new IllegalStateException("tesseract returned " + readings.size() + " readings for "
                        + images.size() + " images");
            }
            return readings;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage images for tesseract", e);
        } finally {
            deleteTree(folder);
        }
    }

    @Override
    public String description() {
        Path folder = null;
        try {
            folder = Files.createTempDirectory("halftone-ocr");
            String version = run(folder, "--version").lines().findFirst().orElse("tesseract").strip();
            return version + ", language " + options.language() + ", --psm " + options.pageSegmentation()
                    + ", upscaled to >= " + options.minimumHeight() + " px";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for tesseract", e);
        } finally {
            deleteTree(folder);
        }
    }

    /** Integer-factor bicubic upscale so that the image is at least {@code minimumHeight} pixels high. */
    BufferedImage upscaled(BufferedImage image) {
        int factor = Math.max(1, -Math.floorDiv(-options.minimumHeight(), image.getHeight()));
        BufferedImage out = new BufferedImage(image.getWidth() * factor, image.getHeight() * factor,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(image, 0, 0, out.getWidth(), out.getHeight(), null);
        g.dispose();
        return out;
    }

    private String run(Path folder, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(options.executable());
        command.addAll(List.of(arguments));
        Path log = folder.resolve("stderr.txt");
        Path out = folder.resolve("stdout.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile()).redirectOutput(out.toFile());
        // OpenMP threads inside one Tesseract process only contend on small shared machines
        builder.environment().put("OMP_THREAD_LIMIT", "1");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run tesseract executable '" + options.executable()
                    + "': install tesseract-ocr and tesseract-ocr-eng (Debian) or configure its path", e);
        }
        process.getOutputStream().close();
        try {
            if (!process.waitFor(options.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("tesseract did not finish within " + options.timeout());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for tesseract", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("tesseract " + String.join(" ", arguments) + " exited with "
                    + process.exitValue() + ": " + Files.readString(log).strip());
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove temporary OCR folder " + folder, e);
        }
    }
}
