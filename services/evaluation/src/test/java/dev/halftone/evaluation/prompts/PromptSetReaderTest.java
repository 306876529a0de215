package dev.halftone.evaluation.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptSetReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsPartiPromptsLayoutWithGeneratedIds() throws IOException {
        Path file = write("parti.tsv", """
                Prompt\tCategory\tChallenge\tNote
                A sign that says "Diffusion"\tArtifacts\tWriting & Symbols\t
                a red cube on top of a blue cube\tArtifacts\tProperties & Positioning\tfrom DrawBench

                bond\tAbstract\tBasic\t
                """);
        PromptSet set = PromptSetReader.read(file);
        assertEquals(3, set.size());
        Prompt sign = set.prompts().getFirst();
        assertEquals("p0001", sign.id());
        assertEquals("A sign that says \"Diffusion\"", sign.text());
        assertTrue(sign.rendersText(), "Writing & Symbols marks a text prompt");
        assertEquals(Optional.empty(), sign.ocrTarget());
        assertEquals("from DrawBench", set.prompts().get(1).note());
        assertEquals("p0003", set.prompts().get(2).id(), "blank lines do not count as rows");
        assertFalse(set.prompts().get(2).rendersText());
    }

    @Test
    void readsJsonLinesWithOcrTargets() throws IOException {
        Path file = write("set.jsonl", """
                {"id": "a", "prompt": "a sign that says \\"EXIT\\"", "category": "signage", "ocr_target": "EXIT"}
                {"prompt": "a red circle", "category": "shapes"}
                """);
        PromptSet set = PromptSetReader.read(file);
        assertEquals(Optional.of("EXIT"), set.prompts().getFirst().ocrTarget());
        assertEquals("p0002", set.prompts().get(1).id());
        assertEquals(1, set.withOcrTargets().size());
    }

    @Test
    void theHalftoneTinySetHasTextAndShapeCategories() {
        PromptSet set = PromptSetReader.readResource(PromptSetReader.HALFTONE_TINY);
        Map<String, Long> perCategory = set.prompts().stream()
                .collect(Collectors.groupingBy(Prompt::category, TreeMap::new, Collectors.counting()));
        assertEquals(Map.of("signage", 12L, "labels", 12L, "single words", 12L, "numbers", 12L, "shapes", 18L,
                "spatial", 18L, "counting", 18L, "colours", 18L), perCategory);
        for (Prompt prompt : set.withOcrTargets()) {
            assertTrue(prompt.text().contains("\"" + prompt.ocrTarget().orElseThrow() + "\""), prompt.text());
        }
    }

    @Test
    void emptySetsAreRejectedNamingTheFile() throws IOException {
        Path headerOnly = write("empty.tsv", "Prompt\tCategory\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PromptSetReader.read(headerOnly));
        assertTrue(e.getMessage().contains("empty.tsv") && e.getMessage().contains("empty"), e.getMessage());
        Path blank = write("blank.jsonl", "\n\n");
        e = assertThrows(IllegalArgumentException.class, () -> PromptSetReader.read(blank));
        assertTrue(e.getMessage().contains("blank.jsonl"), e.getMessage());
    }

    @Test
    void duplicateIdsAreRejectedNamingTheIdAndLines() throws IOException {
        Path file = write("dup.tsv", "Id\tPrompt\tCategory\nx1\ta\tc\nx2\tb\tc\nx1\tc\tc\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PromptSetReader.read(file));
        assertTrue(e.getMessage().contains("dup.tsv") && e.getMessage().contains("x1")
                && e.getMessage().contains("lines 2 and 4"), e.getMessage());
    }

    @Test
    void malformedInputIsRejectedNamingTheInput() throws IOException {
        Path noCategory = write("nocat.tsv", "Prompt\tNote\na\tb\n");
        assertMessage(noCategory, "nocat.tsv", "category");
        Path missingText = write("notext.jsonl", "{\"category\": \"c\"}\n");
        assertMessage(missingText, "notext.jsonl:1", "prompt text");
        Path badJson = write("bad.jsonl", "{\"prompt\": \n");
        assertMessage(badJson, "bad.jsonl:1", "JSON");
        Path csv = write("set.csv", "Prompt,Category\n");
        assertMessage(csv, "set.csv", ".tsv or .jsonl");
        assertMessage(dir.resolve("absent.tsv"), "absent.tsv", "not found");
    }

    private void assertMessage(Path file, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PromptSetReader.read(file));
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), e.getMessage() + " should mention " + fragment);
        }
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
