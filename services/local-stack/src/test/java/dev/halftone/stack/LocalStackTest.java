package dev.halftone.stack;

import dev.halftone.platform.Buckets;
import dev.halftone.platform.CloudEventAttributes;
import dev.halftone.platform.MinioObjectStore;
import dev.halftone.platform.MissingObjectException;
import dev.halftone.platform.ObjectKeys;
import dev.halftone.schemas.EventJson;
import dev.halftone.schemas.EventType;
import dev.halftone.schemas.JobSubmitted;
import dev.halftone.schemas.TopicCatalogue;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against the real broker and S3 server that {@link LocalStackExtension} starts: nothing here is in memory. */
@ExtendWith(LocalStackExtension.class)
class LocalStackTest {
    private static final TopicCatalogue CATALOGUE = TopicCatalogue.load();

    @Test
    void topicsFromTheCatalogueExistWithPartitionsAndRetention(StackEndpoints stack) throws Exception {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            var names = CATALOGUE.topics().stream().map(spec -> spec.topic()).toList();
            var descriptions = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
            var configs = admin.describeConfigs(names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList())
                    .all().get(10, TimeUnit.SECONDS);
            for (var spec : CATALOGUE.topics()) {
                assertEquals(spec.partitions(), descriptions.get(spec.topic()).partitions().size(), spec.topic());
                var retention = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.topic())).get(TopicConfig.RETENTION_MS_CONFIG);
                assertEquals(Long.toString(spec.retentionMs()), retention.value(), spec.topic());
            }
        }
    }

    @Test
    void cloudEventRoundTripsThroughTheBroker(StackEndpoints stack) throws Exception {
        var json = new EventJson();
        var event = json.read(example("examples/job-submitted.json"), JobSubmitted.class);
        var topic = CATALOGUE.topicFor(EventType.JOB_SUBMITTED).topic();
        var attributes = CloudEventAttributes.create(EventType.JOB_SUBMITTED, "cli", event.jobId(), Instant.now());
        var record = new ProducerRecord<String, byte[]>(topic, event.jobId(), json.write(event));
        attributes.toHeaders().forEach((name, value) -> record.headers().add(name, value));
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(record).get(30, TimeUnit.SECONDS);
        }
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.GROUP_ID_CONFIG, "round-trip"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            var deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (var received : consumer.poll(Duration.ofMillis(500))) {
                    var headers = new HashMap<String, byte[]>();
                    received.headers().forEach(header -> headers.put(header.key(), header.value()));
                    assertEquals(attributes, CloudEventAttributes.fromHeaders(headers));
                    assertEquals(event, json.read(received.value(), JobSubmitted.class));
                    assertEquals(event.jobId(), received.key());
                    return;
                }
            }
        }
        throw new AssertionError("the event did not come back within 30 s");
    }

    @Test
    void kcatListsTheCatalogueTopics(StackEndpoints stack) throws Exception {
        var kcat = Path.of("/usr/bin/kcat");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(kcat), "kcat is not installed (.ci/setup installs it)");
        var process = new ProcessBuilder(kcat.toString(), "-b", stack.bootstrapServers(), "-L").redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        for (var spec : CATALOGUE.topics()) {
            assertTrue(output.contains("topic \"" + spec.topic() + "\" with " + spec.partitions() + " partitions"), spec.topic() + "\n" + output);
        }
    }

    @Test
    void objectsRoundTripThroughTheS3Server(StackEndpoints stack, @TempDir Path tmp) throws Exception {
        var keys = new ObjectKeys(Buckets.DEFAULT);
        try (var store = new MinioObjectStore(stack.s3Settings())) {
            assertEquals(new TreeSet<>(Buckets.DEFAULT.all()), new TreeSet<>(store.buckets()));
            var image = keys.image("job-s3", "q4km", "signs", 0, 42);
            var png = new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 1, 2};
            store.put(image, png, "image/png");
            assertArrayEquals(png, store.get(image));
            assertEquals(png.length, store.stat(image).orElseThrow().size());

            var weights = Files.write(tmp.resolve("cond.gguf"), new byte[3 * 1024 * 1024 + 17]);
            var file = keys.variantFile("job-s3", "q4km", "cond.gguf");
            store.upload(file, weights, "application/octet-stream");
            store.download(file, tmp.resolve("back.gguf"));
            assertEquals(Files.size(weights), Files.size(tmp.resolve("back.gguf")));
            assertEquals(List.of(file.key()), store.list(file.bucket(), "jobs/job-s3/").stream().map(i -> i.location().key()).toList());

            store.delete(image);
            assertTrue(store.stat(image).isEmpty());
            assertThrows(MissingObjectException.class, () -> store.get(image));
        }
    }

    @Test
    void aSecondUpReportsTheRunningStack(StackEndpoints stack) {
        var again = new LocalStack(StackLibrary.locate()).up(new StackConfig(stack.dataDir(),
                Integer.parseInt(stack.bootstrapServers().split(":")[1]), 1024 + 1, stack.s3Endpoint().getPort()));
        assertTrue(again.alreadyRunning());
        assertEquals(stack, again.endpoints());
    }

    @Test
    void statusSeesBothServersAnswering(StackEndpoints stack) {
        var status = new LocalStack(StackLibrary.locate()).status(stack.dataDir());
        assertTrue(status.running(), status.toString());
        assertEquals(Set.of("kafka", "s3proxy"), Set.copyOf(status.servers().stream().map(StackStatus.ServerStatus::name).toList()));
    }

    @Test
    void aPortInUseIsOneLineNamingPortAndFlag(@TempDir Path tmp) throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var free = StackConfig.onFreePorts(tmp);
            var config = new StackConfig(tmp, free.kafkaPort(), free.controllerPort(), taken.getLocalPort());
            var error = assertThrows(StackException.class, () -> new LocalStack(StackLibrary.locate()).up(config));
            assertEquals("port " + taken.getLocalPort() + " (S3) is in use; choose another with --s3-port <port> or stop what listens there",
                    error.getMessage());
        }
        assertFalse(Files.exists(tmp.resolve("kafka.pid")));
    }

    private static byte[] example(String resource) throws Exception {
        try (var in = LocalStackTest.class.getClassLoader().getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }
}
