package dev.halftone.cli.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.halftone.evaluation.metrics.LpipsModel;
import dev.halftone.evaluation.metrics.ReferenceFidelity;
import dev.halftone.evaluation.metrics.RgbImage;
import dev.halftone.evaluation.ocr.OcrScore;
import dev.halftone.evaluation.ocr.TesseractOcr;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code halftone score <reference.png> <image.png>}: PSNR, SSIM and, with an LPIPS model folder, LPIPS of an
 * image against the reference image; {@code halftone score --ocr <image.png> --target <text>}: Tesseract's reading,
 * exact match and NED.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score an image against a reference (PSNR, SSIM, LPIPS) or read its text with OCR.",
                "  halftone score <reference.png> <image.png> [--lpips DIR]",
                "  halftone score --ocr <image.png> --target <text>"})
public final class ScoreCommand implements Runnable {

    /** Environment variable naming the LPIPS model folder when --lpips is not given. */
    static final String LPIPS_ENV = "HALFTONE_LPIPS_MODEL";

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..2", paramLabel = "IMAGE", description = "reference image, then the image to score")
    private List<Path> images = List.of();

    @Option(names = "--ocr", paramLabel = "IMAGE", description = "read the text in this image with Tesseract")
    private Path ocrImage;

    @Option(names = "--target", paramLabel = "TEXT", description = "the text the --ocr image should show")
    private String target;

    @Option(names = "--lpips", paramLabel = "DIR", description = "LPIPS model folder ("
            + LpipsModel.TRUNK_FILE + ", " + LpipsModel.WEIGHTS_FILE + "); default: $" + LPIPS_ENV)
    private Path lpipsFolder;

    @Option(names = "--json", description = "print one JSON object instead of text")
    private boolean json;

    @Override
    public void run() {
        if (ocrImage != null) {
            if (!images.isEmpty() || target == null) {
                throw new ParameterException(spec.commandLine(),
                        "--ocr takes one image and needs --target, and no positional images");
            }
            ocr();
        } else {
            if (images.size() != 2 || target != null) {
                throw new ParameterException(spec.commandLine(),
                        "expected <reference.png> <image.png> (or --ocr <image.png> --target <text>)");
            }
            fidelity();
        }
    }

    private void fidelity() {
        RgbImage reference = RgbImage.read(images.get(0));
        RgbImage image = RgbImage.read(images.get(1));
        double psnr = ReferenceFidelity.psnr(reference, image);
        double ssim = ReferenceFidelity.ssim(reference, image);
        Path lpipsPath = lpipsFolder != null ? lpipsFolder
                : System.getenv(LPIPS_ENV) == null ? null : Path.of(System.getenv(LPIPS_ENV));
        Double lpips = null;
        String lpipsUnavailable = "no LPIPS model configured (--lpips DIR or $" + LPIPS_ENV + ")";
        if (lpipsPath != null) {
            try (LpipsModel model = LpipsModel.load(lpipsPath)) {
                lpips = model.distance(reference, image);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode node = new ObjectMapper().createObjectNode();
            node.put("reference", images.get(0).toString());
            node.put("image", images.get(1).toString());
            node.put("psnr", psnr);
            node.put("ssim", ssim);
            if (lpips == null) {
                node.putNull("lpips");
                node.put("lpipsUnavailable", lpipsUnavailable);
            } else {
                node.put("lpips", lpips);
            }
            out.println(node);
        } else {
            out.printf(Locale.ROOT, "PSNR   %.4f dB%n", psnr);
            out.printf(Locale.ROOT, "SSIM   %.6f  (Wang 2004, mean of R, G, B)%n", ssim);
            out.println(lpips == null ? "LPIPS  unavailable: " + lpipsUnavailable
                    : String.format(Locale.ROOT, "LPIPS  %.6f  (AlexNet, v0.1)", lpips));
        }
        out.flush();
    }

    private void ocr() {
        OcrScore score = OcrScore.of(target, new TesseractOcr().read(readImage(ocrImage)));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode node = new ObjectMapper().createObjectNode();
            node.put("image", ocrImage.toString());
            node.put("target", score.target());
            node.put("reading", score.reading());
            node.put("normalizedTarget", score.normalizedTarget());
            node.put("normalizedReading", score.normalizedReading());
            node.put("exactMatch", score.exactMatch());
            node.put("ned", score.ned());
            out.println(node);
        } else {
            out.println("reading      \"" + score.reading() + "\"");
            out.println("target       \"" + score.target() + "\"");
            out.println("exact match  " + (score.exactMatch() ? "yes" : "no") + "  (after NFKC, upper case, whitespace collapsed)");
            out.printf(Locale.ROOT, "NED          %.4f  (Levenshtein / max length, lower is better)%n", score.ned());
        }
        out.flush();
    }

    private static BufferedImage readImage(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("image file not found: " + file);
        }
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new IllegalArgumentException("not a readable image (no ImageIO decoder): " + file);
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image " + file, e);
        }
    }
}
