package dev.halftone.scorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.halftone.evaluation.metrics.ClipEncoders;
import dev.halftone.evaluation.metrics.LpipsModel;
import dev.halftone.evaluation.metrics.RgbImage;
import dev.halftone.evaluation.metrics.StandInClipModel;
import dev.halftone.evaluation.metrics.StandInLpipsModel;
import dev.halftone.evaluation.metrics.TextImageScore;
import dev.halftone.evaluation.report.Metric;
import dev.halftone.platform.InMemoryObjectStore;
import dev.halftone.schemas.ObjectLocation;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scorer's learned metrics wired to the models its settings name: CLIPScore and PickScore from two different
 * stand-in CLIP models (so a swapped folder fails), LPIPS from the stand-in AlexNet trunk, each compared with the
 * same model loaded directly through halftone-evaluation on the image and the prompt the PNG carries. The numerics
 * themselves are tested in halftone-evaluation (by hand, and against NumPy for LPIPS).
 */
class EvaluationMetricsTest {
    private static final String PROMPT = "a red circle on a blue square";
    private static final double PICK_LOGIT_SCALE = 3.0;

    @TempDir
    static Path models;
    /** Nothing is stored in it: the local-folder tests must not reach the object store. */
    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private static Path clip;
    private static Path pick;
    private static Path lpips;

    @BeforeAll
    static void writeModels() throws IOException {
        clip = StandInClipModel.random(3).write(models.resolve("clip"), Double.NaN);
        pick = StandInClipModel.random(5).write(models.resolve("pick"), PICK_LOGIT_SCALE);
        lpips = StandInLpipsModel.write(models.resolve("lpips"));
    }

    @Test
    void configuredModelsScoreTheImageAgainstThePromptInItsPngAndItsReference() throws IOException {
        BufferedImage picture = noise(1);
        BufferedImage referencePicture = noise(2);
        byte[] png = png(picture, PROMPT);
        byte[] reference = png(referencePicture, PROMPT);
        var metrics = new EvaluationMetrics(TestScorerConfig.withModels(clip, pick, lpips, models.resolve("cache")), store);
        try (var clipDirect = ClipEncoders.load("CLIPScore", clip); var pickDirect = ClipEncoders.load("PickScore", pick);
             var lpipsDirect = LpipsModel.load(lpips)) {
            RgbImage image = RgbImage.of("image", picture);
            var standalone = metrics.standalone(png);
            assertEquals(Set.of(Metric.CLIP.key(), Metric.PICK.key()), standalone.keySet());
            assertEquals(TextImageScore.clipScore(clipDirect.cosine(image, PROMPT)), standalone.get(Metric.CLIP.key()), 1e-9);
            assertEquals(TextImageScore.pickScore(pickDirect.cosine(image, PROMPT), PICK_LOGIT_SCALE),
                    standalone.get(Metric.PICK.key()), 1e-9);

            var fidelity = metrics.fidelity(png, reference);
            assertEquals(Set.of(Metric.PSNR.key(), Metric.SSIM.key(), Metric.LPIPS.key()), fidelity.keySet());
            double distance = lpipsDirect.distance(RgbImage.of("reference", referencePicture), image);
            assertTrue(distance > 0, "two noise images differ: " + distance);
            assertEquals(distance, fidelity.get(Metric.LPIPS.key()), 1e-12);
            assertEquals(0.0, metrics.fidelity(reference, reference).get(Metric.LPIPS.key()));
        } finally {
            metrics.close();
        }
    }

    @Test
    void withoutModelsOnlyTheModelFreeMetricsAreScored() throws IOException {
        var metrics = new EvaluationMetrics(TestScorerConfig.withoutModels(Duration.ZERO), store);
        byte[] png = png(noise(1), PROMPT);
        assertEquals(Set.of(), metrics.standalone(png).keySet(), "no OCR target, no CLIP model");
        assertEquals(Set.of(Metric.PSNR.key(), Metric.SSIM.key()), metrics.fidelity(png, png(noise(2), PROMPT)).keySet());
    }

    @Test
    void aSettingThatNamesAnUnloadableFolderStopsTheScorerWithTheSettingAndTheFileNamed(@TempDir Path empty)
            throws IOException {
        var noClip = TestScorerConfig.withModels(empty, null, null, empty.resolve("cache"));
        var e = assertThrows(IllegalStateException.class, () -> new EvaluationMetrics(noClip, store));
        assertTrue(e.getMessage().contains("halftone.scorer.clip-model") && e.getMessage().contains("HALFTONE_SCORER_CLIP_MODEL")
                && e.getMessage().contains("vocab.json"), e.getMessage());

        Path pickWithoutScale = StandInClipModel.random(5).write(empty.resolve("pick"), Double.NaN);
        var noScale = TestScorerConfig.withModels(clip, pickWithoutScale, null, empty.resolve("cache"));
        e = assertThrows(IllegalStateException.class, () -> new EvaluationMetrics(noScale, store));
        assertTrue(e.getMessage().contains("halftone.scorer.pick-model") && e.getMessage().contains("logit_scale.txt"),
                e.getMessage());

        Files.writeString(empty.resolve(LpipsModel.WEIGHTS_FILE), "{\"layers\": [[0.1]]}");
        var noTrunk = TestScorerConfig.withModels(null, null, empty, empty.resolve("cache"));
        e = assertThrows(IllegalStateException.class, () -> new EvaluationMetrics(noTrunk, store));
        assertTrue(e.getMessage().contains("HALFTONE_SCORER_LPIPS_MODEL") && e.getMessage().contains(LpipsModel.TRUNK_FILE),
                e.getMessage());

        store.ensureBucket("halftone-models");
        var nothingStored = new TestScorerConfig(Duration.ZERO, Optional.empty(), Optional.empty(),
                Optional.of("s3://halftone-models/scoring/absent"), empty.resolve("cache"));
        e = assertThrows(IllegalStateException.class, () -> new EvaluationMetrics(nothingStored, store));
        assertTrue(e.getMessage().contains("HALFTONE_SCORER_LPIPS_MODEL")
                && e.getMessage().contains("does not exist at s3://halftone-models/scoring/absent"), e.getMessage());
        var noPrefix = new TestScorerConfig(Duration.ZERO, Optional.of("s3://halftone-models/"), Optional.empty(),
                Optional.empty(), empty.resolve("cache"));
        e = assertThrows(IllegalStateException.class, () -> new EvaluationMetrics(noPrefix, store));
        assertTrue(e.getMessage().contains("s3://<bucket>/<prefix>"), e.getMessage());
    }

    @Test
    void anObjectStoreFolderIsFetchedIntoTheModelCacheAndScoresAsTheLocalFolderDoes(@TempDir Path cache) throws IOException {
        var uploaded = new InMemoryObjectStore();
        uploaded.ensureBucket("halftone-models");
        for (var folder : Map.of("clip", clip, "lpips", lpips).entrySet()) {
            try (var files = Files.list(folder.getValue())) {
                for (Path file : files.toList()) {
                    uploaded.upload(new ObjectLocation("halftone-models", "scoring/" + folder.getKey() + "/" + file.getFileName()),
                            file, "application/octet-stream");
                }
            }
        }
        var fromStore = new TestScorerConfig(Duration.ZERO, Optional.of("s3://halftone-models/scoring/clip/"),
                Optional.empty(), Optional.of("s3://halftone-models/scoring/lpips"), cache);
        var local = TestScorerConfig.withModels(clip, null, lpips, cache);
        byte[] png = png(noise(1), PROMPT);
        byte[] reference = png(noise(2), PROMPT);
        var fetched = new EvaluationMetrics(fromStore, uploaded);
        var direct = new EvaluationMetrics(local, store);
        try {
            assertEquals(direct.standalone(png), fetched.standalone(png));
            assertEquals(direct.fidelity(png, reference), fetched.fidelity(png, reference));
            assertTrue(Files.isRegularFile(cache.resolve("halftone-models/scoring/clip/text_encoder.onnx")));
        } finally {
            fetched.close();
            direct.close();
        }
    }

    private static BufferedImage noise(long seed) {
        Random random = new Random(seed);
        BufferedImage picture = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < picture.getHeight(); y++) {
            for (int x = 0; x < picture.getWidth(); x++) {
                picture.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return picture;
    }

    /** A PNG with the generator's halftone.prompt text chunk. */
    private static byte[] png(BufferedImage picture, String prompt) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(picture), null);
        var entry = new IIOMetadataNode("tEXtEntry");
        entry.setAttribute("keyword", "halftone.prompt");
        entry.setAttribute("value", prompt);
        var text = new IIOMetadataNode("tEXt");
        text.appendChild(entry);
        var root = new IIOMetadataNode("javax_imageio_png_1.0");
        root.appendChild(text);
        metadata.mergeTree("javax_imageio_png_1.0", root);
        var bytes = new ByteArrayOutputStream();
        try (var out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(new IIOImage(picture, null, metadata));
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
