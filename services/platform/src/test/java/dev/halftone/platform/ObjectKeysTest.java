package dev.halftone.platform;

import dev.halftone.schemas.ObjectLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObjectKeysTest {
    private static final ObjectKeys KEYS = new ObjectKeys(Buckets.DEFAULT);
    private static final String JOB = "0b7e-job";

    @Test
    void layoutMatchesTheDocumentedOne() {
        assertEquals(new ObjectLocation("halftone-models", "halftone-tiny/cond.safetensors"), KEYS.modelFile("halftone-tiny", "cond.safetensors"));
        assertEquals(new ObjectLocation("halftone-models", "prompt-sets/signs.json"), KEYS.promptSet("signs"));
        assertEquals(new ObjectLocation("halftone-profiles", "jobs/0b7e-job/halftone-tiny/activations.json"), KEYS.profile(JOB, "halftone-tiny"));
        assertEquals(new ObjectLocation("halftone-variants", "jobs/0b7e-job/q4km"), KEYS.variantDirectory(JOB, "q4km"));
        assertEquals(new ObjectLocation("halftone-variants", "jobs/0b7e-job/q4km/cond.gguf"), KEYS.variantFile(JOB, "q4km", "cond.gguf"));
        assertEquals(new ObjectLocation("halftone-images", "jobs/0b7e-job/q4km/signs/3-42.png"), KEYS.image(JOB, "q4km", "signs", 3, 42));
        assertEquals(new ObjectLocation("halftone-scores", "jobs/0b7e-job/q4km/signs/3-42.json"), KEYS.score(JOB, "q4km", "signs", 3, 42));
        assertEquals(new ObjectLocation("halftone-reports", "jobs/0b7e-job/report.html"), KEYS.report(JOB, "report.html"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "../../etc", "a/b", "a\\b", "/etc/passwd", "", "tab\there", "nul\u0000", "-leading-dash", "spa ce", "ünïcode"})
    void segmentsThatCouldEscapeOrConfuseAreRejected(String bad) {
        var error = assertThrows(IllegalArgumentException.class, () -> KEYS.variantFile(JOB, "q4km", bad));
        assertTrue(error.getMessage().startsWith("file name"), error.getMessage());
        assertTrue(!error.getMessage().contains("\n") && !error.getMessage().contains("\u0000"), error.getMessage());
    }

    @Test
    void messagesNameTheRule() {
        assertEquals("variant '..' is a path ('.', '..' or a separator); give a plain name",
                assertThrows(IllegalArgumentException.class, () -> KEYS.variantDirectory(JOB, "..")).getMessage());
        assertEquals("model '/abs' is an absolute path; give a plain name",
                assertThrows(IllegalArgumentException.class, () -> KEYS.modelDirectory("/abs")).getMessage());
        assertEquals("job id 'a?b' contains a control character",
                assertThrows(IllegalArgumentException.class, () -> KEYS.report("a\u0007b", "r.json")).getMessage());
        assertEquals("model is 129 characters long; at most 128 allowed",
                assertThrows(IllegalArgumentException.class, () -> KEYS.modelDirectory("m".repeat(129))).getMessage());
    }

    @Test
    void relativePathsStayUnderTheirDirectory() {
        var variant = KEYS.variantDirectory(JOB, "int8");
        assertEquals("jobs/0b7e-job/int8/sub/cond.safetensors", ObjectKeys.under(variant, "sub/cond.safetensors").key());
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.under(variant, "../other/cond.safetensors"));
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.under(variant, "sub//cond"));
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.under(variant, "/etc/passwd"));
    }

    @Test
    void overLongKeysAreRejectedEvenWhenEverySegmentFits() {
        var deep = ("d".repeat(100) + "/").repeat(11) + "x";
        var error = assertThrows(IllegalArgumentException.class, () -> ObjectKeys.under(KEYS.modelDirectory("m"), deep));
        assertTrue(error.getMessage().startsWith("object key is"), error.getMessage());
    }

    @Test
    void negativeIndexOrSeedIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> KEYS.image(JOB, "v", "s", -1, 0));
        assertThrows(IllegalArgumentException.class, () -> KEYS.score(JOB, "v", "s", 0, -5));
    }
}
