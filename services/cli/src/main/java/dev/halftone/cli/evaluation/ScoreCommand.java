package dev.halftone.cli.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.halftone.evaluation.metrics.ClipEncoders;
import dev.halftone.evaluation.metrics.LpipsModel;
import dev.halftone.evaluation.metrics.ReferenceFidelity;
import dev.halftone.evaluation.metrics.RgbImage;
import dev.halftone.evaluation.metrics.TextImageScore;
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
 * image against the reference image; {@code halftone score --prompt <text> <image.png>}: CLIPScore and PickScore of
 * the image against its prompt, from their model folders; {@code halftone score --ocr <image.png> --target <text>}:
 * Tesseract's reading, exact match and NED.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score an image against a reference (PSNR, SSIM, LPIPS), against its prompt (CLIPScore,"
                + " PickScore) or read its text with OCR.",
                "  halftone score <reference.png> <image.png> [--lpips DIR]",
                "  halftone score --prompt <text> <image.png> [--clip DIR] [--pick DIR]",
                "  halftone score --ocr <image.png> --target <text>"})
public final class ScoreCommand implements Runnable {

    /** Environment variables naming the model folders when --lpips, --clip or --pick is not given. */
    static final String LPIPS_ENV = "HALFTONE_LPIPS_MODEL";
    static final String CLIP_ENV = "HALFTONE_CLIP_MODEL";
    static final String PICK_ENV = "HALFTONE_PICK_MODEL";

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

    @Option(names = "--prompt", paramLabel = "TEXT", description = "score the one image against this prompt")
    private String prompt;

    @Option(names = "--clip", paramLabel = "DIR", description = "CLIPScore model folder (image_encoder.onnx,"
            + " text_encoder.onnx, vocab.json, merges.txt); default: $" + CLIP_ENV)
    private Path clipFolder;

    @Option(names = "--pick", paramLabel = "DIR", description = "PickScore model folder (CLIPScore's files and"
            + " logit_scale.txt); default: $" + PICK_ENV)
    private Path pickFolder;

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
        } else if (prompt != null) {
            if (images.size() != 1 || target != null || lpipsFolder != null) {
                throw new ParameterException(spec.commandLine(),
                        "--prompt takes one image (no reference, --target or --lpips)");
            }
            textImage();
        } else {
            if (images.size() != 2 || target != null || clipFolder != null || pickFolder != null) {
                throw new ParameterException(spec.commandLine(), "expected <reference.png> <image.png> (or --prompt"
                        + " <text> <image.png>, or --ocr <image.png> --target <text>)");
            }
            fidelity();
        }
    }

    private void fidelity() {
        RgbImage reference = RgbImage.read(images.get(0));
        RgbImage image = RgbImage.read(images.get(1));
        double psnr = ReferenceFidelity.psnr(reference, image);
        double ssim = ReferenceFidelity.ssim(reference, image);
        Path lpipsPath = folder(lpipsFolder, LPIPS_ENV);
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

    private void textImage() {
        Path clip = folder(clipFolder, CLIP_ENV);
        Path pick = folder(pickFolder, PICK_ENV);
        if (clip == null && pick == null) {
            throw new ParameterException(spec.commandLine(), "--prompt needs a CLIPScore or PickScore model folder: --clip DIR"
                    + " or $" + CLIP_ENV + ", --pick DIR or $" + PICK_ENV);
        }
        RgbImage image = RgbImage.read(images.getFirst());
        Double clipScore = null;
        Double pickScore = null;
        if (clip != null) {
            try (ClipEncoders model = ClipEncoders.load("CLIPScore", clip)) {
                clipScore = TextImageScore.clipScore(model.cosine(image, prompt));
            }
        }
        if (pick != null) {
            double logitScale = TextImageScore.readLogitScale(pick);
            try (ClipEncoders model = ClipEncoders.load("PickScore", pick)) {
                pickScore = TextImageScore.pickScore(model.cosine(image, prompt), logitScale);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode node = new ObjectMapper().createObjectNode();
            node.put("image", images.getFirst().toString());
            node.put("prompt", prompt);
            node.put("clip", clipScore);
            node.put("pick", pickScore);
            out.println(node);
        } else {
            out.println(clipScore == null ? "CLIPScore  not computed (no --clip DIR or $" + CLIP_ENV + ")"
                    : String.format(Locale.ROOT, "CLIPScore  %.4f  (max(100 cos, 0))", clipScore));
            out.println(pickScore == null ? "PickScore  not computed (no --pick DIR or $" + PICK_ENV + ")"
                    : String.format(Locale.ROOT, "PickScore  %.4f  (exp(logit_scale) cos)", pickScore));
        }
        out.flush();
    }

    /** The option's folder, else the environment variable's, else null. */
    private static Path folder(Path option, String environmentVariable) {
        if (option != null) {
            return option;
        }
        String value = System.getenv(environmentVariable);
        return value == null ? null : Path.of(value);
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
