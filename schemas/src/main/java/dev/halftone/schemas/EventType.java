package dev.halftone.schemas;

/**
 * Every v1 event type: its CloudEvents {@code ce_type}, the record that carries it and its JSON Schema resource.
 * The topic each travels on is in {@link TopicCatalogue}.
 */
public enum EventType {
    JOB_SUBMITTED("dev.halftone.job.submitted.v1", JobSubmitted.class, "job-submitted"),
    PROFILE_COMPLETED("dev.halftone.profile.completed.v1", ProfileCompleted.class, "profile-completed"),
    VARIANT_READY("dev.halftone.variant.ready.v1", VariantReady.class, "variant-ready"),
    GENERATE_TASK("dev.halftone.generate.task.v1", GenerateTask.class, "generate-task"),
    IMAGE_GENERATED("dev.halftone.image.generated.v1", ImageGenerated.class, "image-generated"),
    IMAGE_SCORED("dev.halftone.image.scored.v1", ImageScored.class, "image-scored"),
    JOB_PROGRESS("dev.halftone.job.progress.v1", JobProgress.class, "job-progress"),
    REPORT_PUBLISHED("dev.halftone.report.published.v1", ReportPublished.class, "report-published"),
    DEAD_LETTER("dev.halftone.dead.letter.v1", DeadLetter.class, "dead-letter");

    private final String ceType;
    private final Class<? extends Record> recordClass;
    private final String schemaName;

    EventType(String ceType, Class<? extends Record> recordClass, String schemaName) {
        this.ceType = ceType;
        this.recordClass = recordClass;
        this.schemaName = schemaName;
    }

    /** The CloudEvents type attribute, {@code dev.halftone.<name>.v1}. */
    public String ceType() {
        return ceType;
    }

    public Class<? extends Record> recordClass() {
        return recordClass;
    }

    /** Classpath resource of the JSON Schema, e.g. {@code schemas/job-submitted.v1.json}. */
    public String schemaResource() {
        return "schemas/" + schemaName + ".v1.json";
    }

    public static EventType ofCeType(String ceType) {
        for (var type : values()) {
            if (type.ceType.equals(ceType)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown event type '" + ceType + "'; known types are listed in docs/events.md");
    }

    public static EventType of(Record event) {
        for (var type : values()) {
            if (type.recordClass == event.getClass()) {
                return type;
            }
        }
        throw new IllegalArgumentException(event.getClass().getName() + " is not a Halftone event record");
    }
}
