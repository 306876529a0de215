package dev.halftone.platform;

/**
 * Kafka header names of the CloudEvents 1.0 Kafka protocol binding, binary content mode: the event's data is the
 * record value (JSON), its attributes travel as {@code ce_*} headers (UTF-8), {@code content-type} names the data's
 * media type. See https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/kafka-protocol-binding.md.
 */
public final class CloudEventHeaders {
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String TIME = "ce_time";
    /** Halftone puts the job id here, so any consumer can correlate without parsing the payload. */
    public static final String SUBJECT = "ce_subject";
    /** Binary mode carries the data's media type in the plain {@code content-type} header, not {@code ce_datacontenttype}. */
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION_1_0 = "1.0";
    public static final String JSON = "application/json";
    /** Prefix of every Halftone {@code ce_source}: {@code /halftone/<service>}. */
    public static final String SOURCE_PREFIX = "/halftone/";

    private CloudEventHeaders() {
    }
}
