package dev.halftone.tinymodel;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Reads one line of text per image with the Tesseract command-line program (Debian {@code tesseract-ocr} and
 * {@code tesseract-ocr-eng}): each image is reduced to its lettering ({@link InkIsolation}) and scaled to a common
 * ink height onto a white border, then all go through one {@code tesseract} process as a file list in single-line
 * mode ({@code --psm 7}).
 */
public final class TesseractReader {
    private static final double INK_HEIGHT = 48;
    private static final double MAX_UPSCALE = 4;
    private static final int BORDER = 24;
    private static final long TIMEOUT_MINUTES = 10;

    private final String executable;

    /** Uses {@code tesseract} from the PATH; fails with the packages to install when it is missing. */
    public TesseractReader() {
        this.executable = "tesseract";
        String version = run(List.of(executable, "--version"), Path.of(System.getProperty("java.io.tmpdir")));
        if (!version.contains("tesseract")) {
            throw new IllegalStateException("'tesseract --version' printed no version: " + version);
        }
    }

    /** The text of each image, in order; a line Tesseract cannot read comes back empty. */
    public List<String> read(List<BufferedImage> images) {
        try {
            Path workspace = Files.createTempDirectory("halftone-ocr");
            try {
                return read(images, workspace);
            } finally {
                try (Stream<Path> paths = Files.walk(workspace)) {
                    for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> read(List<BufferedImage> images, Path workspace) throws IOException {
        List<String> files = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            Path file = workspace.resolve(String.format("%06d.png", i));
            ImageIO.write(prepare(images.get(i)), "png", file.toFile());
            files.add(file.toString());
        }
        Path list = workspace.resolve("images.txt");
        Files.write(list, files, StandardCharsets.UTF_8);
        String output = run(List.of(executable, list.toString(), "stdout", "--psm", "7", "-l", "eng"), workspace);
        // Tesseract puts a form feed between the pages of a file list: one page per listed image.
        String[] pages = output.split("\f", -1);
        if (pages.length != images.size()) {
            throw new IllegalStateException("tesseract returned " + pages.length + " pages for "
                    + images.size() + " images");
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            texts.add(pages[i].strip());
        }
        return texts;
    }

    /**
     * The image's lettering ({@link InkIsolation}) on a white border, scaled (bicubic) so that the ink is about
     * {@value #INK_HEIGHT} px tall, where Tesseract reads best, but at most {@value #MAX_UPSCALE}x.
     */
    static BufferedImage prepare(BufferedImage image) {
        BufferedImage ink = InkIsolation.isolate(image);
        double scale = Math.min(MAX_UPSCALE, INK_HEIGHT / (double) Math.max(1, inkHeight(ink)));
        int scaledWidth = (int) Math.round(image.getWidth() * scale);
        int scaledHeight = (int) Math.round(image.getHeight() * scale);
        BufferedImage out = new BufferedImage(scaledWidth + 2 * BORDER, scaledHeight + 2 * BORDER,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.drawImage(ink, BORDER, BORDER, scaledWidth, scaledHeight, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Rows from the first to the last that hold black ink; 0 when none do. */
    private static int inkHeight(BufferedImage ink) {
        int top = -1;
        int bottom = -1;
        for (int y = 0; y < ink.getHeight(); y++) {
            for (int x = 0; x < ink.getWidth(); x++) {
                if ((ink.getRGB(x, y) & 0xFFFFFF) == 0) {
                    top = top < 0 ? y : top;
                    bottom = y;
                    break;
                }
            }
        }
        return top < 0 ? 0 : bottom - top + 1;
    }

    /** Stdout of the command run in {@code directory}; its stderr goes to a file there, quoted on failure. */
    private static String run(List<String> command, Path directory) {
        try {
            Path stderr = Files.createTempFile(directory, "tesseract", ".stderr");
            try {
                Process process = new ProcessBuilder(command).directory(directory.toFile())
                        .redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                        .start();
                String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " ran over " + TIMEOUT_MINUTES
                            + " min");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue()
                            + ": " + Files.readString(stderr));
                }
                return stdout;
            } finally {
                Files.delete(stderr);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run '" + command.getFirst() + "' (" + e.getMessage()
                    + "): apt-get install tesseract-ocr tesseract-ocr-eng", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.getFirst(), e);
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }
}
