package dev.halftone.schemas;

import java.util.regex.Pattern;

/**
 * The abuse limits and name patterns of the v1 event contracts, mirrored from {@code schemas/types.v1.json}
 * so records reject what the schemas reject; {@code ContractBoundsTest} pins both to the same numbers.
 */
public final class ContractBounds {
    public static final Pattern JOB_ID = Pattern.compile("^[a-z0-9][a-z0-9-]{0,63}$");
    public static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,63}$");
    public static final Pattern TASK_ID = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,199}$");
    public static final Pattern BUCKET = Pattern.compile("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$");
    public static final Pattern KEY = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._=-]*(/[A-Za-z0-9][A-Za-z0-9._=-]*)*$");
    public static final Pattern LAYER_NAME = Pattern.compile("^[a-z0-9_]+(\\.[a-z0-9_]+){0,7}$");
    public static final Pattern SERVICE = Pattern.compile("^[a-z0-9][a-z0-9-]{0,63}$");
    public static final Pattern DEVICE = Pattern.compile("^[a-z0-9][a-z0-9:._-]{0,63}$");
    public static final Pattern METRIC = Pattern.compile("^[a-zA-Z][a-zA-Z0-9_]{0,63}$");
    public static final Pattern TOPIC = Pattern.compile("^[a-zA-Z0-9._-]{1,249}$");

    public static final int MAX_KEY_LENGTH = 1024;
    public static final int MAX_LAYER_NAME_LENGTH = 128;
    public static final int MAX_VARIANTS = 32;
    public static final int MAX_PROMPT_SETS = 16;
    public static final int MAX_PROMPTS_PER_SET = 10_000;
    public static final int MAX_PROMPT_LENGTH = 2_000;
    public static final int MAX_SEEDS = 1_000;
    public static final int MAX_PROTECTED_LAYERS = 1_024;
    public static final int MIN_STEPS = 1;
    public static final int MAX_STEPS = 200;
    public static final double MAX_GUIDANCE = 30.0;
    public static final int MIN_SIDE = 16;
    public static final int MAX_SIDE = 4096;
    public static final int SIDE_MULTIPLE = 16;
    public static final int MAX_LAYERS = 4096;
    public static final int MAX_METRICS = 64;
    public static final int MAX_ERROR_LENGTH = 4_000;
    /** 1 MiB of payload, base64-encoded: 4 * ceil(1048576 / 3). */
    public static final int MAX_PAYLOAD_BASE64_LENGTH = 1_398_104;

    private ContractBounds() {
    }
}
