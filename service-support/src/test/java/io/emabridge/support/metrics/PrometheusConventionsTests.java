package io.emabridge.support.metrics;

import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.emabridge.testsupport.Promtool;
import io.emabridge.testsupport.SharedKafka;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusConventionsTests {

	private final PrometheusMeterRegistry registry = registry();

	@Test
	void ourMetersInAbbreviatedUnitsAreDropped() {
		FunctionCounter.builder("ema.archive.wait.ns", this, (t) -> 1).register(this.registry);
		FunctionCounter.builder("ema.archive.wait", this, (t) -> 1).baseUnit("ms").register(this.registry);
		Counter.builder("ema.events").register(this.registry);

		assertThat(this.registry.scrape()).doesNotContain("ema_archive_wait").contains("ema_events_total");
	}

	@Test
	void libraryMetersKeepTheirStandardNames() {
		FunctionCounter.builder("kafka.producer.io.time.ns.total", this, (t) -> 1).register(this.registry);
		FunctionCounter.builder("jvm.compilation.time", this, (t) -> 1).baseUnit("ms").register(this.registry);
		Gauge.builder("kafka.consumer.connection.count", () -> 3).register(this.registry);

		assertThat(this.registry.scrape()).contains("kafka_producer_io_time_ns_total")
			.contains("jvm_compilation_time_ms_total")
			.contains("kafka_consumer_connection_count 3");
	}

	@Test
	void ourCountGaugesAreNamedInThePlural() {
		Gauge.builder("ema.archive.connection.count", () -> 3).register(this.registry);

		assertThat(this.registry.scrape()).contains("ema_archive_connections 3").doesNotContain("connection_count");
	}

	@Test
	void timersKeepTheirCountSeries() {
		Timer.builder("ema.archive.request").description("Archive API calls").register(this.registry);

		assertThat(this.registry.scrape()).contains("ema_archive_request_seconds_count");
	}

	@Test
	void metersWithoutDescriptionGetHelpText() {
		Counter.builder("http.server.requests").register(this.registry);
		Counter.builder("some.library.thing").register(this.registry);
		Counter.builder("ema.described").description("Ours").register(this.registry);

		assertThat(this.registry.scrape()).contains("# HELP http_server_requests_total HTTP requests served")
			.contains("# HELP some_library_thing_total Some library thing")
			.contains("# HELP ema_described_total Ours");
	}

	@Test
	void jvmProcessAndKafkaClientMetersHaveTheNamesDashboardsQuery() {
		new JvmMemoryMetrics().bindTo(this.registry);
		new ProcessorMetrics().bindTo(this.registry);
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
				ConsumerConfig.GROUP_ID_CONFIG, TestNames.groupId("conventions"),
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
				KafkaClientMetrics metrics = new KafkaClientMetrics(consumer)) {
			metrics.bindTo(this.registry);

			assertThat(this.registry.scrape()).contains("jvm_memory_used_bytes{")
				.contains("process_cpu_usage ")
				.contains("kafka_consumer_fetch_manager_records_lag_max");
		}
	}

	@Test
	void ourMetersPassPromtoolBesideTheLibraries() {
		Promtool.assumeInstalled();
		new JvmMemoryMetrics().bindTo(this.registry);
		new JvmCompilationMetrics().bindTo(this.registry);
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config);
				KafkaClientMetrics metrics = new KafkaClientMetrics(producer)) {
			metrics.bindTo(this.registry);
			Timer.builder("ema.archive.request").description("Archive API calls").register(this.registry);
			Counter.builder("ema.events")
				.description("Lifecycle events")
				.tag("outcome", "applied")
				.register(this.registry);
			Gauge.builder("ema.applier.in.flight", () -> 2).description("Calls under way").register(this.registry);
			String topic = TestNames.topic("conventions");
			SharedKafka.createTopic(topic, 1);
			producer.partitionsFor(topic);

			String scrape = this.registry.scrape();
			Promtool.Result result = Promtool.checkOurMetrics(scrape);

			assertThat(scrape).contains("kafka_producer_").contains("ema_archive_request_seconds_count");
			assertThat(result.passed()).as(result.output()).isTrue();
		}
	}

	private static PrometheusMeterRegistry registry() {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		registry.config().meterFilter(new PrometheusConventions());
		return registry;
	}

}
