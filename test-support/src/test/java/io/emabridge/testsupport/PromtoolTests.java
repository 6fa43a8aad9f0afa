package io.emabridge.testsupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromtoolTests {

	private static final String SCRAPE = """
			# HELP ema_events_total Lifecycle events
			# TYPE ema_events_total counter
			ema_events_total{outcome="applied"} 3.0
			# HELP kafka_producer_io_time_ns_total The total time the I/O thread spent doing I/O
			# TYPE kafka_producer_io_time_ns_total counter
			kafka_producer_io_time_ns_total{client_id="p-1"} 1200.0
			# HELP jvm_memory_used_bytes The amount of used memory
			# TYPE jvm_memory_used_bytes gauge
			jvm_memory_used_bytes{area="heap",id="eden"} 1.0E7
			# HELP ema_archive_request_seconds Archive API calls
			# TYPE ema_archive_request_seconds histogram
			ema_archive_request_seconds_count{operation="create",status="201"} 1
			""";

	@Test
	void ourFamiliesAreKeptWithTheirComments() {
		assertThat(Promtool.ours(SCRAPE)).isEqualTo("""
				# HELP ema_events_total Lifecycle events
				# TYPE ema_events_total counter
				ema_events_total{outcome="applied"} 3.0
				# HELP ema_archive_request_seconds Archive API calls
				# TYPE ema_archive_request_seconds histogram
				ema_archive_request_seconds_count{operation="create",status="201"} 1
				""");
	}

	@Test
	void libraryFamiliesAreLeftOutOfTheLint() {
		Promtool.assumeInstalled();

		assertThat(Promtool.checkMetrics(SCRAPE).passed()).as("the whole scrape, library names included").isFalse();
		assertThat(Promtool.checkOurMetrics(SCRAPE).passed()).as("our families").isTrue();
	}

}
