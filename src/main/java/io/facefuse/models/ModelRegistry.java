package io.facefuse.models;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads each model once per process through DJL's PyTorch engine, fully offline, and runs it for
 * any thread: a DJL predictor is not thread-safe, so each call takes a fresh one (cheap for
 * TorchScript) while the loaded module is shared. A model that fails to load is remembered with
 * its reason, for the readiness check, instead of failing the first request that needs it.
 */
public class ModelRegistry implements AutoCloseable {

    static {
        // DJL must never reach for the network: no model zoo, no engine download, no usage ping.
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        // One inter-op and one intra-op thread: these graphs are too small to split across cores
        // (measured: BlazeFace 13 ms with two intra-op threads, 8 ms with one), and concurrent
        // requests use the cores instead. Set either property to override.
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        setIfAbsent("ai.djl.pytorch.num_threads", "1");
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    private final Map<ModelSpec, ZooModel<NDList, NDList>> models = new EnumMap<>(ModelSpec.class);
    private final Map<ModelSpec, String> failures = new EnumMap<>(ModelSpec.class);
    private final Map<ModelSpec, Long> loadMillis = new EnumMap<>(ModelSpec.class);

    /**
     * Loads the given models from {@code directory}, or from the classpath's {@code models/} when
     * the directory is empty (copied to a temporary directory first if they sit inside a jar).
     */
    public static ModelRegistry load(Collection<ModelSpec> specs, Optional<Path> directory) {
        ModelRegistry registry = new ModelRegistry();
        for (ModelSpec spec : specs) {
            long start = System.nanoTime();
            try {
                Path file = directory.map(d -> d.resolve(spec.fileName() + ".pt")).orElseGet(() -> fromClasspath(spec));
                if (!Files.isRegularFile(file)) {
                    throw new IOException("missing model file " + file);
                }
                Criteria<NDList, NDList> criteria = Criteria.builder()
                        .setTypes(NDList.class, NDList.class)
                        .optEngine("PyTorch")
                        .optModelPath(file.getParent())
                        .optModelName(spec.fileName())
                        .optTranslator(new NoopTranslator())
                        .build();
                registry.models.put(spec, criteria.loadModel());
                registry.loadMillis.put(spec, (System.nanoTime() - start) / 1_000_000);
            } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
                registry.failures.put(spec, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        return registry;
    }

    /** Runs one model on one image at its input size; answers the outputs in the model's order. */
    public List<float[]> run(ModelSpec spec, RgbImage image) {
        int size = spec.inputSize();
        return run(spec, List.of(new Input(spec.normalize(image), new long[]{1, size, size, 3})));
    }

    /** One input tensor: its values and shape. */
    public record Input(float[] values, long[] shape) {
    }

    /** Runs one model on prepared input tensors; answers the outputs in the model's order. */
    public List<float[]> run(ModelSpec spec, List<Input> inputs) {
        ZooModel<NDList, NDList> model = models.get(spec);
        if (model == null) {
            throw new IllegalStateException("model " + spec.fileName() + " is not loaded: "
                    + failures.getOrDefault(spec, "not requested"));
        }
        try (NDManager manager = NDManager.newBaseManager();
             Predictor<NDList, NDList> predictor = model.newPredictor()) {
            NDList input = new NDList(inputs.size());
            for (Input in : inputs) {
                input.add(manager.create(FloatBuffer.wrap(in.values()), new Shape(in.shape())));
            }
            NDList output = predictor.predict(input);
            List<float[]> result = new ArrayList<>(output.size());
            for (int i = 0; i < output.size(); i++) {
                result.add(output.get(i).toFloatArray());
            }
            output.close();
            return result;
        } catch (TranslateException e) {
            throw new IllegalStateException("model " + spec.fileName() + " failed", e);
        }
    }

    public boolean isLoaded(ModelSpec spec) {
        return models.containsKey(spec);
    }

    /** Models that could not be loaded, with the reason: empty when all is well. */
    public Map<ModelSpec, String> failures() {
        return Map.copyOf(failures);
    }

    public Map<ModelSpec, Long> loadMillis() {
        return Map.copyOf(loadMillis);
    }

    private static Path fromClasspath(ModelSpec spec) {
        String resource = "models/" + spec.fileName() + ".pt";
        URL url = Thread.currentThread().getContextClassLoader().getResource(resource);
        if (url == null) {
            throw new UncheckedIOException(new IOException("no " + resource + " on the classpath"));
        }
        try {
            if ("file".equals(url.getProtocol())) {
                return Path.of(url.toURI());
            }
            Path dir = Files.createTempDirectory("facefuse-models");
            Path file = dir.resolve(spec.fileName() + ".pt");
            try (InputStream in = url.openStream()) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        models.values().forEach(ZooModel::close);
        models.clear();
    }
}
