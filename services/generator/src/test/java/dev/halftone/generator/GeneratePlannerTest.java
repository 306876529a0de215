package dev.halftone.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.halftone.schemas.GenerateTask;
import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.ModelReference;
import dev.halftone.schemas.ObjectLocation;
import dev.halftone.schemas.PromptSet;
import dev.halftone.schemas.Recipe;
import dev.halftone.schemas.Resolution;
import dev.halftone.schemas.Variant;
import dev.halftone.schemas.VariantFormat;
import dev.halftone.schemas.VariantReady;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class GeneratePlannerTest {
    private static final JobSubmitted STUDY = new JobSubmitted("job-1",
            new ModelReference("halftone-tiny", new ObjectLocation("halftone-models", "halftone-tiny")),
            List.of(new Variant("fp8", Recipe.of(VariantFormat.FP8_REFERENCE)), new Variant("nf4", Recipe.of(VariantFormat.NF4))),
            List.of(PromptSet.inline("p", List.of("a", "b")), PromptSet.inline("q", List.of("c"))), List.of(1000L, 7L), 16, 4.0,
            new Resolution(128, 64));
    private static final Map<String, List<String>> PROMPTS = Map.of("p", List.of("a", "b"), "q", List.of("c"));
    private static final VariantReady NF4 = new VariantReady("job-1", "nf4", VariantFormat.NF4,
            new ObjectLocation("halftone-variants", "jobs/job-1/nf4"), 100, 4.5);

    @Test
    void plansOneTaskPerPromptAndSeedWithDeterministicIds() {
        List<GenerateTask> tasks = new GeneratePlanner(1000).plan(STUDY, NF4, PROMPTS);
        assertEquals(6, tasks.size());
        assertEquals(List.of("nf4.p.0.1000", "nf4.p.0.7", "nf4.p.1.1000", "nf4.p.1.7", "nf4.q.0.1000", "nf4.q.0.7"),
                tasks.stream().map(GenerateTask::taskId).toList());
        assertEquals("b", tasks.get(2).prompt());
        assertEquals(NF4.location(), tasks.get(0).variantLocation());
        assertEquals(tasks, new GeneratePlanner(1000).plan(STUDY, NF4, PROMPTS), "a replanned variant yields the same tasks");
    }

    @Test
    void refusesAStudyOverTheImageBudgetAndAnUnknownVariant() {
        var overBudget = assertThrows(IllegalArgumentException.class, () -> new GeneratePlanner(11).plan(STUDY, NF4, PROMPTS));
        assertTrue(overBudget.getMessage().contains("12 images"), overBudget.getMessage());
        var ghost = new VariantReady("job-1", "ghost", VariantFormat.NF4, NF4.location(), 1, 4.5);
        assertThrows(IllegalArgumentException.class, () -> new GeneratePlanner(1000).plan(STUDY, ghost, PROMPTS));
    }
}
