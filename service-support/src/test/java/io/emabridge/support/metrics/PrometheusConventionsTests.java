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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.emabridge.testsupport.Promtool;
import io.emabridge.testsupport.SharedKafka;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusConventionsTests {

	private final PrometheusMeterRegistry registry = registry();

	@Test
	void metersInAbbreviatedUnitsAreDropped() {
		FunctionCounter.builder("kafka.producer.io.time.ns.total", this, (t) -> 1).register(this.registry);
		FunctionCounter.builder("jvm.compilation.time", this, (t) -> 1).baseUnit("ms").register(this.registry);
		Counter.builder("ema.events").register(this.registry);

		assertThat(this.registry.scrape()).doesNotContain("io_time_ns")
			.doesNotContain("compilation_time_ms")
			.contains("ema_events_total");
	}

	@Test
	void countGaugesAreNamedInThePlural() {
		Gauge.builder("kafka.consumer.connection.count", () -> 3).register(this.registry);

		assertThat(this.registry.scrape()).contains("kafka_consumer_connections 3").doesNotContain("connection_count");
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
	void jvmAndKafkaClientMetricsPassPromtool() {
		Promtool.assumeInstalled();
		new JvmMemoryMetrics().bindTo(this.registry);
		new JvmCompilationMetrics().bindTo(this.registry);
		new ProcessorMetrics().bindTo(this.registry);
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config);
				KafkaClientMetrics metrics = new KafkaClientMetrics(producer)) {
			metrics.bindTo(this.registry);
			String topic = TestNames.topic("conventions");
			SharedKafka.createTopic(topic, 1);
			producer.partitionsFor(topic);

			String scrape = this.registry.scrape();
			Promtool.Result result = Promtool.checkMetrics(scrape);

			assertThat(scrape).contains("kafka_producer_");
			assertThat(result.passed()).as(result.output()).isTrue();
		}
	}

	private static PrometheusMeterRegistry registry() {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		registry.config().meterFilter(new PrometheusConventions());
		return registry;
	}

}
