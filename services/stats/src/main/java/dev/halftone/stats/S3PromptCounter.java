package dev.halftone.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.halftone.platform.ObjectStore;
import dev.halftone.schemas.ContractBounds;
import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.PromptSet;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;

/** {@link PromptCounter} that reads referenced prompt sets (JSON arrays) from S3, refusing oversized ones. */
@ApplicationScoped
public class S3PromptCounter implements PromptCounter {
    private static final long MAX_PROMPT_SET_BYTES = (long) ContractBounds.MAX_PROMPTS_PER_SET * ContractBounds.MAX_PROMPT_LENGTH * 4;
    private final ObjectMapper mapper = new ObjectMapper();
    private final ObjectStore store;

    public S3PromptCounter(ObjectStore store) {
        this.store = store;
    }

    @Override
    public long imagesPerVariant(JobSubmitted study) {
        long prompts = 0;
        for (PromptSet set : study.promptSets()) {
            prompts += set.prompts() != null ? set.prompts().size() : stored(set);
        }
        return Math.multiplyExact(prompts, study.seeds().size());
    }

    private int stored(PromptSet set) {
        var info = store.stat(set.reference())
                .orElseThrow(() -> new IllegalArgumentException("prompt set " + set.reference().uri() + " does not exist"));
        if (info.size() > MAX_PROMPT_SET_BYTES) {
            throw new IllegalArgumentException("prompt set " + set.reference().uri() + " is " + info.size() + " bytes, too large");
        }
        try {
            JsonNode array = mapper.readTree(store.get(set.reference()));
            if (array == null || !array.isArray() || array.isEmpty() || array.size() > ContractBounds.MAX_PROMPTS_PER_SET) {
                throw new IllegalArgumentException("prompt set " + set.reference().uri() + " is not a JSON array of 1 to "
                        + ContractBounds.MAX_PROMPTS_PER_SET + " prompts");
            }
            return array.size();
        } catch (IOException e) {
            throw new IllegalArgumentException("prompt set " + set.reference().uri() + " is not JSON", e);
        }
    }
}
