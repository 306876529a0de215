package dev.halftone.platform;

import dev.halftone.schemas.ContractBounds;
import dev.halftone.schemas.ObjectLocation;

import java.util.Objects;

/**
 * The only place object keys are built (layout in docs/object-store.md). Every caller-supplied part is one key
 * segment, checked here so that no input can climb out of its prefix: {@code ..}, absolute paths, separators,
 * control characters and over-long names are rejected with a message naming the part and the rule.
 */
public final class ObjectKeys {
    /** Longest single segment; a whole key is also capped at {@link ContractBounds#MAX_KEY_LENGTH}. */
    public static final int MAX_SEGMENT_LENGTH = 128;
    private static final String JOBS = "jobs";

    private final Buckets buckets;

    public ObjectKeys(Buckets buckets) {
        this.buckets = Objects.requireNonNull(buckets, "buckets");
    }

    public Buckets buckets() {
        return buckets;
    }

    /** The model directory of docs/model.md §6: {@code models/<model>}. */
    public ObjectLocation modelDirectory(String model) {
        return at(buckets.models(), segment("model", model));
    }

    /** A file of a model directory, e.g. {@code config.json} or {@code cond.safetensors}. */
    public ObjectLocation modelFile(String model, String fileName) {
        return at(buckets.models(), segment("model", model), segment("file name", fileName));
    }

    /** A stored prompt set: a JSON array of strings. */
    public ObjectLocation promptSet(String name) {
        return at(buckets.models(), "prompt-sets", segment("prompt set", name) + ".json");
    }

    public ObjectLocation profile(String jobId, String model) {
        return at(buckets.profiles(), JOBS, segment("job id", jobId), segment("model", model), "activations.json");
    }

    /** A variant's directory; its files are named as in the model directory (cond.*, uncond.*). */
    public ObjectLocation variantDirectory(String jobId, String variant) {
        return at(buckets.variants(), JOBS, segment("job id", jobId), segment("variant", variant));
    }

    public ObjectLocation variantFile(String jobId, String variant, String fileName) {
        return at(buckets.variants(), JOBS, segment("job id", jobId), segment("variant", variant), segment("file name", fileName));
    }

    public ObjectLocation image(String jobId, String variant, String promptSet, int promptIndex, long seed) {
        return at(buckets.images(), JOBS, segment("job id", jobId), segment("variant", variant),
                segment("prompt set", promptSet), imageName(promptIndex, seed) + ".png");
    }

    public ObjectLocation score(String jobId, String variant, String promptSet, int promptIndex, long seed) {
        return at(buckets.scores(), JOBS, segment("job id", jobId), segment("variant", variant),
                segment("prompt set", promptSet), imageName(promptIndex, seed) + ".json");
    }

    /** A report file of a job, e.g. {@code report.html} or {@code report.json}. */
    public ObjectLocation report(String jobId, String fileName) {
        return at(buckets.reports(), JOBS, segment("job id", jobId), segment("file name", fileName));
    }

    /**
     * A location below {@code directory} given a relative path of one or more segments (as read from a manifest);
     * each segment is checked, so the result is always inside the directory.
     */
    public static ObjectLocation under(ObjectLocation directory, String relativePath) {
        Objects.requireNonNull(relativePath, "relative path is required");
        if (relativePath.startsWith("/")) {
            throw new IllegalArgumentException("path '" + printable(relativePath) + "' is absolute; give it relative to " + directory.uri());
        }
        var key = new StringBuilder(directory.key());
        for (var part : relativePath.split("/", -1)) {
            key.append('/').append(segment("path segment", part));
        }
        return at(directory.bucket(), key.toString());
    }

    /**
     * Checks one caller-supplied key segment. Public so that adapters can reject a bad name at their edge with the
     * same rule before anything is stored.
     */
    public static String segment(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty; give a name");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(what + " '" + printable(value) + "' contains a control character");
        }
        if (value.startsWith("/")) {
            throw new IllegalArgumentException(what + " '" + printable(value) + "' is an absolute path; give a plain name");
        }
        if (value.equals("..") || value.equals(".") || value.contains("/") || value.contains("\\")) {
            throw new IllegalArgumentException(what + " '" + printable(value) + "' is a path ('.', '..' or a separator); give a plain name");
        }
        if (value.length() > MAX_SEGMENT_LENGTH) {
            throw new IllegalArgumentException(what + " is " + value.length() + " characters long; at most " + MAX_SEGMENT_LENGTH + " allowed");
        }
        if (!value.matches("[A-Za-z0-9][A-Za-z0-9._=-]*")) {
            throw new IllegalArgumentException(what + " '" + printable(value) + "' may use only letters, digits, '.', '_', '=', '-' and must start with a letter or digit");
        }
        return value;
    }

    private static String imageName(int promptIndex, long seed) {
        if (promptIndex < 0 || seed < 0) {
            throw new IllegalArgumentException("prompt index and seed must be non-negative, got " + promptIndex + " and " + seed);
        }
        return promptIndex + "-" + seed;
    }

    private static ObjectLocation at(String bucket, String... segments) {
        var key = String.join("/", segments);
        if (key.length() > ContractBounds.MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("object key is " + key.length() + " characters long; at most " + ContractBounds.MAX_KEY_LENGTH + " allowed");
        }
        return new ObjectLocation(bucket, key);
    }

    private static String printable(String value) {
        var cut = value.length() > 60 ? value.substring(0, 60) + "..." : value;
        return cut.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }
}
