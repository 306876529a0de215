package dev.halftone.onnx;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;

import java.io.IOException;
import java.nio.file.Path;

/** Loads an ONNX file into DJL's ONNX Runtime engine as an NDList → NDList model, offline. */
final class OnnxModels {

    private OnnxModels() {
    }

    static ZooModel<NDList, NDList> load(Path onnxFile) throws IOException {
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(onnxFile)
                .optEngine("OnnxRuntime")
                .build();
        try {
            return criteria.loadModel();
        } catch (ModelNotFoundException | MalformedModelException e) {
            throw new IOException("cannot load ONNX model " + onnxFile + ": " + e.getMessage(), e);
        }
    }
}
