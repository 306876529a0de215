package dev.halftone.onnx;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import dev.halftone.engine.text.TextEncoder;
import dev.halftone.engine.text.TextHiddenStates;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A text encoder exported to ONNX, run by DJL's ONNX Runtime engine: input {@code input_ids} int64 (1, T), first
 * output the hidden states float32 (1, T, C). The tokenizer is given (real checkpoints ship their own).
 */
public final class OnnxTextEncoder implements TextEncoder {

    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;
    private final PromptTokenizer tokenizer;
    private final int hiddenSize;

    private OnnxTextEncoder(ZooModel<NDList, NDList> model, PromptTokenizer tokenizer, int hiddenSize) {
        this.model = model;
        this.predictor = model.newPredictor();
        this.tokenizer = tokenizer;
        this.hiddenSize = hiddenSize;
    }

    /**
     * @param onnxFile   the exported encoder
     * @param hiddenSize C, checked against every output
     */
    public static OnnxTextEncoder open(Path onnxFile, PromptTokenizer tokenizer, int hiddenSize) throws IOException {
        if (!Files.isRegularFile(onnxFile)) {
            throw new IOException("text encoder ONNX file " + onnxFile + " does not exist");
        }
        return new OnnxTextEncoder(OnnxModels.load(onnxFile), tokenizer, hiddenSize);
    }

    @Override
    public int hiddenSize() {
        return hiddenSize;
    }

    @Override
    public TextHiddenStates encode(String prompt) {
        long[] ids = tokenizer.tokenize(prompt);
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray input = manager.create(ids, new Shape(1, ids.length));
            input.setName("input_ids");
            NDArray output = predictor.predict(new NDList(input)).get(0);
            Shape shape = output.getShape();
            if (shape.dimension() != 3 || shape.get(0) != 1 || shape.get(1) != ids.length || shape.get(2) != hiddenSize) {
                throw new IllegalStateException("text encoder output has shape " + shape + ", expected (1, "
                        + ids.length + ", " + hiddenSize + ")");
            }
            return new TextHiddenStates(ids.length, hiddenSize, output.toType(ai.djl.ndarray.types.DataType.FLOAT32,
                    false).toFloatArray());
        } catch (TranslateException e) {
            throw new IllegalStateException("text encoder failed on a " + ids.length + "-token prompt: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
