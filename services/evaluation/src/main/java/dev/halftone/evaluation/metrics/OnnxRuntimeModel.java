package dev.halftone.evaluation.metrics;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One user-supplied ONNX model file run through DJL's ONNX Runtime engine, with a single input and float32 outputs.
 * Runs are serialised: a DJL predictor is not safe for concurrent use.
 */
public final class OnnxRuntimeModel implements AutoCloseable {

    private static final String ENGINE = "OnnxRuntime";

    private final Path file;
    private final String role;
    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;

    private OnnxRuntimeModel(Path file, String role, ZooModel<NDList, NDList> model) {
        this.file = file;
        this.role = role;
        this.model = model;
        this.predictor = model.newPredictor();
    }

    /**
     * @param file the .onnx file
     * @param role what the model is for ("LPIPS AlexNet trunk"), quoted by errors
     */
    public static OnnxRuntimeModel load(Path file, String role) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(role + " model file not found: " + file);
        }
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(file.toAbsolutePath())
                .optEngine(ENGINE)
                .optTranslator(new NoopTranslator())
                .build();
        try {
            return new OnnxRuntimeModel(file, role, criteria.loadModel());
        } catch (ModelNotFoundException | MalformedModelException | RuntimeException e) {
            throw new IllegalArgumentException(role + " model " + file + " cannot be loaded by ONNX Runtime: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + role + " model " + file, e);
        }
    }

    public synchronized List<OutputTensor> runFloat(float[] input, long... shape) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            return run(manager.create(input, new Shape(shape)));
        }
    }

    public synchronized List<OutputTensor> runInt64(long[] input, long... shape) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            return run(manager.create(input, new Shape(shape)));
        }
    }

    private List<OutputTensor> run(NDArray input) {
        NDList outputs;
        try {
            outputs = predictor.predict(new NDList(input));
        } catch (TranslateException | RuntimeException e) {
            throw new IllegalArgumentException(role + " model " + file + " failed on an input of shape "
                    + input.getShape() + ": " + e.getMessage(), e);
        }
        List<OutputTensor> result = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            NDArray output = outputs.get(i);
            String name = output.getName() == null ? "output " + i : output.getName();
            if (output.getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException(role + " model " + file + ": " + name + " is "
                        + output.getDataType() + ", expected float32");
            }
            result.add(new OutputTensor(name, output.getShape().getShape(), output.toFloatArray()));
        }
        return result;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
