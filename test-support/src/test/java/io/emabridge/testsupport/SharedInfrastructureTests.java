package io.emabridge.testsupport;

import java.sql.ResultSet;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SharedInfrastructureTests {

	@Test
	void theBrokerIsSharedAndTopicsAreCreatedOnIt() throws Exception {
		String topic = TestNames.topic("shared");
		SharedKafka.createTopic(topic, 3);
		assertThat(SharedKafka.bootstrapServers()).isSameAs(SharedKafka.bootstrapServers());
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()))) {
			assertThat(admin.describeTopics(java.util.List.of(topic)).allTopicNames().get().get(topic).partitions())
				.hasSize(3);
		}
	}

	@Test
	void everyCallerGetsAnEmptyDatabaseOfItsOwn() throws Exception {
		SharedPostgres.Database first = SharedPostgres.newDatabase();
		SharedPostgres.Database second = SharedPostgres.newDatabase();
		assertThat(first.jdbcUrl()).isNotEqualTo(second.jdbcUrl());
		try (var connection = first.connect()) {
			connection.createStatement().execute("create table only_here (id int)");
		}
		try (var connection = second.connect()) {
			ResultSet tables = connection.createStatement()
				.executeQuery("select count(*) from information_schema.tables where table_name = 'only_here'");
			tables.next();
			assertThat(tables.getInt(1)).isZero();
		}
	}

	@Test
	void serviceIdsAndTopicsNeverRepeat() {
		assertThat(TestNames.serviceId()).isNotEqualTo(TestNames.serviceId());
		assertThat(TestNames.topic("x")).isNotEqualTo(TestNames.topic("x"));
	}

}
