package dev.halftone.generator;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.halftone.platform.ObjectStore;
import dev.halftone.schemas.ContractBounds;
import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.ObjectLocation;
import dev.halftone.service.StoredStudies;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@link StudyStore} in S3: the study is stored beside the job's report, as {@code study.json}. */
@ApplicationScoped
public class S3StudyStore implements StudyStore {
    /** A prompt-set file larger than the contract's whole set (10,000 prompts of 2,000 characters) is abuse. */
    private static final long MAX_PROMPT_SET_BYTES = (long) ContractBounds.MAX_PROMPTS_PER_SET * ContractBounds.MAX_PROMPT_LENGTH * 4;
    private final ObjectMapper mapper = new ObjectMapper();
    private final ObjectStore store;
    private final StoredStudies studies;

    public S3StudyStore(ObjectStore store, StoredStudies studies) {
        this.store = store;
        this.studies = studies;
    }

    @Override
    public void save(JobSubmitted study) {
        studies.save(study);
    }

    @Override
    public Optional<JobSubmitted> find(String jobId, Duration patience) {
        return studies.find(jobId, patience);
    }

    @Override
    public List<String> prompts(ObjectLocation reference) {
        var info = store.stat(reference)
                .orElseThrow(() -> new IllegalArgumentException("prompt set " + reference.uri() + " does not exist"));
        if (info.size() > MAX_PROMPT_SET_BYTES) {
            throw new IllegalArgumentException("prompt set " + reference.uri() + " is " + info.size()
                    + " bytes, more than " + MAX_PROMPT_SET_BYTES);
        }
        List<String> prompts;
        try {
            prompts = mapper.readValue(store.get(reference), new TypeReference<List<String>>() { });
        } catch (IOException e) {
            throw new IllegalArgumentException("prompt set " + reference.uri() + " is not a JSON array of strings", e);
        }
        if (prompts.isEmpty() || prompts.size() > ContractBounds.MAX_PROMPTS_PER_SET
                || prompts.stream().anyMatch(p -> p == null || p.isEmpty() || p.length() > ContractBounds.MAX_PROMPT_LENGTH)) {
            throw new IllegalArgumentException("prompt set " + reference.uri() + " must hold 1 to "
                    + ContractBounds.MAX_PROMPTS_PER_SET + " non-empty prompts of at most " + ContractBounds.MAX_PROMPT_LENGTH + " characters");
        }
        return prompts;
    }
}
