package dev.halftone.onnx;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import dev.halftone.engine.decode.Latent;
import dev.halftone.engine.decode.LatentDecoder;
import dev.halftone.engine.decode.PixelSpaceDecoder;
import dev.halftone.engine.decode.RgbImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A VAE decoder exported to ONNX, run by DJL's ONNX Runtime engine: input {@code latent} float32 (1, C, h, w), first
 * output the image float32 (1, 3, H, W) in [-1, 1], turned into RGB8 by the rule of docs/model.md §4.2.
 */
public final class OnnxLatentDecoder implements LatentDecoder {

    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;
    private final PixelSpaceDecoder toRgb = new PixelSpaceDecoder();

    private OnnxLatentDecoder(ZooModel<NDList, NDList> model) {
        this.model = model;
        this.predictor = model.newPredictor();
    }

    public static OnnxLatentDecoder open(Path onnxFile) throws IOException {
        if (!Files.isRegularFile(onnxFile)) {
            throw new IOException("decoder ONNX file " + onnxFile + " does not exist");
        }
        return new OnnxLatentDecoder(OnnxModels.load(onnxFile));
    }

    @Override
    public RgbImage decode(Latent latent) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray input = manager.create(latent.values(), new Shape(1, latent.channels(), latent.height(),
                    latent.width()));
            input.setName("latent");
            NDArray image = predictor.predict(new NDList(input)).get(0);
            Shape shape = image.getShape();
            if (shape.dimension() != 4 || shape.get(0) != 1 || shape.get(1) != 3) {
                throw new IllegalStateException("decoder output has shape " + shape + ", expected (1, 3, H, W)");
            }
            float[] pixels = image.toType(DataType.FLOAT32, false).toFloatArray();
            return toRgb.decode(new Latent(3, (int) shape.get(2), (int) shape.get(3), pixels));
        } catch (TranslateException e) {
            throw new IllegalStateException("decoder failed on a latent of shape (" + latent.channels() + ", "
                    + latent.height() + ", " + latent.width() + "): " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
